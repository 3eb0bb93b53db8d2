package dev.clip2scene.msgs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.cdr.CdrException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRoundTripTest {
  static Stream<RosMessageType<?>> types() {
    return MessageTypes.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void randomValuesSurviveBothByteOrders(RosMessageType<?> type) {
    RandomMessages random = new RandomMessages(type.name().hashCode());
    for (int i = 0; i < 200; i++) roundTrip(type, random);
  }

  private static <T> void roundTrip(RosMessageType<T> type, RandomMessages random) {
    T value = random.next(type);
    byte[] le = type.encode(value, ByteOrder.LITTLE_ENDIAN);
    byte[] be = type.encode(value, ByteOrder.BIG_ENDIAN);
    assertArrayEquals(new byte[] {0, 1, 0, 0}, Arrays.copyOf(le, 4));
    assertArrayEquals(new byte[] {0, 0, 0, 0}, Arrays.copyOf(be, 4));
    assertEquals(le.length, be.length, "same layout in both byte orders");
    assertEquals(value, type.decode(le));
    assertEquals(value, type.decode(be));
    assertArrayEquals(le, type.encode(type.decode(le)), "re-encoding reproduces the bytes");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void namesFollowRosAndDdsConventions(RosMessageType<?> type) {
    String[] parts = type.name().split("/");
    assertEquals(3, parts.length);
    assertEquals("msg", parts[1]);
    assertEquals(parts[0] + "::msg::dds_::" + parts[2] + "_", type.ddsTypeName());
    assertEquals(type, MessageTypes.find(type.name()).orElseThrow());
    assertEquals(type, MessageTypes.find(parts[0] + "/" + parts[2]).orElseThrow());
    assertTrue(type.schemaText().endsWith("\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void upToThreeTrailingPadBytesAreTolerated(RosMessageType<?> type) {
    byte[] payload = encodeRandom(type);
    for (int pad = 1; pad <= 3; pad++) {
      type.decode(Arrays.copyOf(payload, payload.length + pad));
    }
    byte[] four = Arrays.copyOf(payload, payload.length + 4);
    CdrException e = assertThrows(CdrException.class, () -> type.decode(four));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
  }

  private static <T> byte[] encodeRandom(RosMessageType<T> type) {
    return type.encode(new RandomMessages(7).next(type));
  }

  @Test
  void unknownNamesAreNotFound() {
    assertTrue(MessageTypes.find("sensor_msgs/msg/LaserScan").isEmpty());
    assertTrue(MessageTypes.find("PointCloud2").isEmpty());
    assertNotEquals(MessageTypes.IMAGE, MessageTypes.find("sensor_msgs/CompressedImage").orElseThrow());
  }
}
