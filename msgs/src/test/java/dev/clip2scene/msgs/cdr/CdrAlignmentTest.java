package dev.clip2scene.msgs.cdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.geometry.Quaternion;
import dev.clip2scene.msgs.geometry.Transform;
import dev.clip2scene.msgs.geometry.TransformStamped;
import dev.clip2scene.msgs.geometry.Vector3;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.RegionOfInterest;
import dev.clip2scene.msgs.std.Header;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Hand-computed layouts: alignment is counted from the byte after the 4-byte header, 8-byte types align to 8. */
class CdrAlignmentTest {
  private static final Header HEADER_A = new Header(new Time(1, 2), "a");

  @Test
  void headerLaysOutStampThenNulTerminatedString() {
    byte[] expected = {0, 1, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 'a', 0};
    assertArrayEquals(expected, MessageTypes.HEADER.encode(HEADER_A));
    byte[] big = {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 'a', 0};
    assertArrayEquals(big, MessageTypes.HEADER.encode(HEADER_A, ByteOrder.BIG_ENDIAN));
    assertEquals(HEADER_A, MessageTypes.HEADER.decode(big));
  }

  @Test
  void float64AfterAStringIsPaddedToEightFromTheHeaderEnd() {
    // stamp 4..12, frame_id "a" 12..18, child "b" aligned to 20..26, translation x aligned 8 (relative) -> 28
    TransformStamped t = new TransformStamped(HEADER_A, "b",
        new Transform(new Vector3(1.5, -2, 3), new Quaternion(0, 0, 0, 1)));
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      byte[] b = MessageTypes.TRANSFORM_STAMPED.encode(t, order);
      assertEquals(28 + 7 * 8, b.length);
      assertEquals(0, b[18] | b[19] | b[26] | b[27], "padding bytes are zero");
      ByteBuffer bb = ByteBuffer.wrap(b).order(order);
      assertEquals(2, bb.getInt(20));
      assertEquals(1.5, bb.getDouble(28));
      assertEquals(1.0, bb.getDouble(28 + 6 * 8));
      assertEquals(t, MessageTypes.TRANSFORM_STAMPED.decode(b));
    }
  }

  @Test
  void aReusedBufferGivesTheSameBytesPaddingIncluded() {
    TransformStamped t = new TransformStamped(HEADER_A, "b",
        new Transform(new Vector3(1.5, -2, 3), new Quaternion(0, 0, 0, 1)));
    byte[] fresh = MessageTypes.TRANSFORM_STAMPED.encode(t);
    byte[] dirty = new byte[256];
    java.util.Arrays.fill(dirty, (byte) 0x5a);
    CdrWriter out = new CdrWriter(ByteOrder.LITTLE_ENDIAN, dirty);
    TransformStamped.CDR.write(out, t);
    assertEquals(fresh.length, out.size());
    assertSame(dirty, out.buffer());
    assertArrayEquals(fresh, out.toByteArray());
    // reserve: bytes for the caller, then the writer goes on after them
    CdrWriter r = new CdrWriter(ByteOrder.LITTLE_ENDIAN, new byte[8]);
    int at = r.uint8(1).reserve(4);
    r.uint32(7);
    assertEquals(5, at);
    assertEquals(16, r.size());
    assertEquals(7, ByteBuffer.wrap(r.buffer()).order(ByteOrder.LITTLE_ENDIAN).getInt(12));
  }

  @Test
  void fixedArraysHaveNoCountAndSequencesAlignTheirElements() {
    // header "a" ends at 18; height 20, width 24, distortion_model "" (len 1) 28..33, d count at 36,
    // d elements align to 8 relative to offset 4 -> 44; k, r, p follow without prefixes
    double[] k = new double[9];
    k[0] = 7;
    CameraInfo info = new CameraInfo(HEADER_A, 480, 640, "", new double[] {0.25}, k, new double[9], new double[12],
        0, 0, RegionOfInterest.FULL);
    byte[] b = MessageTypes.CAMERA_INFO.encode(info);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(480, bb.getInt(20));
    assertEquals(1, bb.getInt(28));
    assertEquals(0, b[32]);
    assertEquals(1, bb.getInt(36));
    assertEquals(0.25, bb.getDouble(44));
    assertEquals(7.0, bb.getDouble(52));
    int afterP = 52 + 30 * 8;
    assertEquals(afterP + 4 + 4 + 16 + 1, b.length);
    assertEquals(info, MessageTypes.CAMERA_INFO.decode(b));
  }

  @Test
  void alignmentIsRelativeToThePayloadStartInsideALargerBuffer() {
    byte[] payload = MessageTypes.VECTOR3.encode(new Vector3(1, 2, 3));
    byte[] shifted = new byte[payload.length + 5];
    System.arraycopy(payload, 0, shifted, 3, payload.length);
    CdrReader in = CdrReader.of(shifted, 3, payload.length, "geometry_msgs/msg/Vector3");
    assertEquals(new Vector3(1, 2, 3), Vector3.CDR.read(in));
  }
}
