package dev.clip2scene.msgs.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RandomMessages;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.std.Header;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CdrBadInputTest {
  static Stream<RosMessageType<?>> types() {
    return MessageTypes.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void everyTruncationNamesTypeFieldAndOffset(RosMessageType<?> type) {
    byte[] payload = encode(type);
    for (int n = 0; n < payload.length; n++) {
      byte[] cut = Arrays.copyOf(payload, n);
      if (n >= payload.length - 3 && endsInPadding(type, cut)) continue;
      CdrException e = assertThrows(CdrException.class, () -> type.decode(cut), "truncated to " + n);
      assertEquals(type.name(), e.messageType());
      assertTrue(e.getMessage().startsWith(type.name() + ": field '"), e.getMessage());
      assertTrue(e.getMessage().contains("at byte offset " + e.offset()), e.getMessage());
      assertTrue(e.offset() <= n, "offset " + e.offset() + " within " + n + " bytes");
    }
  }

  /** A cut that only removes trailing zero bytes of a final bool/uint8 may still decode; that is fine. */
  private static boolean endsInPadding(RosMessageType<?> type, byte[] cut) {
    try {
      type.decode(cut);
      return true;
    } catch (CdrException e) {
      return false;
    }
  }

  private static <T> byte[] encode(RosMessageType<T> type) {
    return type.encode(new RandomMessages(11).next(type));
  }

  @Test
  void stringLengthPastTheEndIsReportedWithItsField() {
    byte[] b = MessageTypes.HEADER.encode(new Header(new Time(1, 2), "lidar"));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 0x7fff_fff0);
    CdrException e = assertThrows(CdrException.class, () -> MessageTypes.HEADER.decode(b));
    assertEquals("frame_id", e.fieldPath());
    assertEquals(12, e.offset());
    assertTrue(e.getMessage().contains("string length 2147483632 runs past the end"), e.getMessage());
  }

  @Test
  void hugeSequenceCountFailsBeforeAllocating() {
    CompressedImage img = new CompressedImage(new Header(Time.ZERO, "cam"), "jpeg", new byte[] {1, 2, 3});
    byte[] b = MessageTypes.COMPRESSED_IMAGE.encode(img);
    int countAt = 4 + 8 + 8 + 12;  // stamp, "cam\0" (4+4), "jpeg\0" (4+5) padded to 4
    assertEquals(3, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(countAt));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(countAt, -1);
    CdrException e = assertThrows(CdrException.class, () -> MessageTypes.COMPRESSED_IMAGE.decode(b));
    assertEquals("data", e.fieldPath());
    assertEquals(countAt, e.offset());
    assertTrue(e.getMessage().contains("sequence count 4294967295"), e.getMessage());
  }

  @Test
  void elementCountsLargerThanTheBufferCouldHoldAreRejected() {
    byte[] b = MessageTypes.TF_MESSAGE.encode(new RandomMessages(3).next(MessageTypes.TF_MESSAGE));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 100_000_000);
    CdrException e = assertThrows(CdrException.class, () -> MessageTypes.TF_MESSAGE.decode(b));
    assertEquals("transforms", e.fieldPath());
    assertEquals(4, e.offset());
  }

  @Test
  void nestedFieldPathsIncludeSequenceIndices() {
    byte[] b = MessageTypes.LABEL_MAP.encode(new dev.clip2scene.msgs.clip2scene.LabelMap(new Header(Time.ZERO, ""),
        java.util.List.of(new dev.clip2scene.msgs.clip2scene.LabelClass(1, "car", 1, 2, 3),
            new dev.clip2scene.msgs.clip2scene.LabelClass(2, "road", 4, 5, 6))));
    byte[] cut = Arrays.copyOf(b, b.length - 2);
    CdrException e = assertThrows(CdrException.class, () -> MessageTypes.LABEL_MAP.decode(cut));
    assertEquals("classes[1].green", e.fieldPath());
  }

  @Test
  void unsupportedEncapsulationsAreNamed() {
    byte[] b = MessageTypes.TIME.encode(new Time(1, 2));
    b[1] = 0x07;  // XCDR2 little endian (DELIMITED_CDR2)
    CdrException e = assertThrows(CdrException.class, () -> MessageTypes.TIME.decode(b));
    assertTrue(e.getMessage().contains("encapsulation kind 0x0007"), e.getMessage());
    assertThrows(CdrException.class, () -> MessageTypes.TIME.decode(new byte[] {0, 1}));
  }

  @Test
  void stringsMustBeNulTerminated() {
    byte[] b = MessageTypes.HEADER.encode(new Header(Time.ZERO, "ab"));
    b[b.length - 1] = 'c';
    CdrException e = assertThrows(CdrException.class, () -> MessageTypes.HEADER.decode(b));
    assertTrue(e.getMessage().contains("not NUL-terminated"), e.getMessage());
  }
}
