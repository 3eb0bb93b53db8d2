package dev.clip2scene.msgs.pointcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.ByteOrderAccess;
import dev.clip2scene.msgs.cdr.CdrException;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.std.Header;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PointCloud2ViewTest {
  private static final Header HEADER = new Header(new Time(5, 6), "velodyne");

  /** Writes V as DATATYPE at AT. */
  private static void put(byte[] b, int at, PointDatatype type, double v, boolean little) {
    switch (type) {
      case INT8, UINT8 -> b[at] = (byte) (long) v;
      case INT16, UINT16 -> ByteOrderAccess.putShort(b, at, (short) (long) v, little);
      case INT32, UINT32 -> ByteOrderAccess.putInt(b, at, (int) (long) v, little);
      case FLOAT32 -> ByteOrderAccess.putFloat(b, at, (float) v, little);
      case FLOAT64 -> ByteOrderAccess.putDouble(b, at, v, little);
    }
  }

  private static double sample(PointDatatype type, Random rnd) {
    return switch (type) {
      case INT8 -> rnd.nextInt(256) - 128;
      case UINT8 -> rnd.nextInt(256);
      case INT16 -> rnd.nextInt(65536) - 32768;
      case UINT16 -> rnd.nextInt(65536);
      case INT32 -> rnd.nextInt();
      case UINT32 -> Integer.toUnsignedLong(rnd.nextInt());
      case FLOAT32 -> (float) rnd.nextGaussian() * 100;
      case FLOAT64 -> rnd.nextGaussian() * 1e6;
    };
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void everyDatatypeReadsBackInEitherByteOrderFromAnOrganisedCloud(boolean little) {
    Random rnd = new Random(little ? 1 : 2);
    List<PointField> fields = new ArrayList<>();
    int offset = 0;
    for (PointDatatype t : PointDatatype.values()) {
      fields.add(new PointField(t.name().toLowerCase(), offset, t.code(), 1));
      offset += t.size();
    }
    fields.add(new PointField("pair", offset, PointDatatype.INT16.code(), 2));
    int pointStep = offset + 4 + 3;  // 3 spare bytes per point
    int width = 4;
    int height = 3;
    int rowStep = width * pointStep + 6;  // row padding
    byte[] data = new byte[rowStep * height];
    double[][] expected = new double[width * height][PointDatatype.values().length];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        int p = r * width + c;
        for (PointDatatype t : PointDatatype.values()) {
          expected[p][t.ordinal()] = sample(t, rnd);
          put(data, r * rowStep + c * pointStep + fields.get(t.ordinal()).offset(), t, expected[p][t.ordinal()], little);
        }
        put(data, r * rowStep + c * pointStep + offset, PointDatatype.INT16, -p, little);
        put(data, r * rowStep + c * pointStep + offset + 2, PointDatatype.INT16, p, little);
      }
    }
    PointCloud2 msg = new PointCloud2(HEADER, height, width, fields, !little, pointStep, rowStep, data, false);
    PointCloud2View view = PointCloud2View.decode(MessageTypes.POINT_CLOUD2.encode(msg));
    assertEquals(12, view.size());
    for (int p = 0; p < view.size(); p++) {
      for (PointDatatype t : PointDatatype.values()) {
        PointFieldReader f = view.require(t.name().toLowerCase());
        assertEquals(t, f.datatype());
        assertEquals(expected[p][t.ordinal()], f.getDouble(p), t + " of point " + p);
      }
      assertEquals(-p, view.require("pair").getDouble(p, 0));
      assertEquals(p, view.require("pair").getDouble(p, 1));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void bulkXyzMatchesPerPointReadsForFloat32AndFloat64Layouts(boolean little) {
    Random rnd = new Random(3);
    // slot of x, y and z within the point: x and y adjacent (one 8-byte load) or not
    for (int[] slot : new int[][] {{1, 2, 0}, {2, 0, 1}}) {
      for (PointDatatype t : List.of(PointDatatype.FLOAT32, PointDatatype.FLOAT64, PointDatatype.INT16)) {
        checkXyz(rnd, t, slot, little);
      }
    }
  }

  private static void checkXyz(Random rnd, PointDatatype t, int[] slot, boolean little) {
    int s = t.size();
    List<PointField> fields = List.of(new PointField("x", slot[0] * s, t.code(), 1),
        new PointField("y", slot[1] * s, t.code(), 1), new PointField("z", slot[2] * s, t.code(), 1));
    int pointStep = 3 * s + 5;
    int width = 7;
    int height = 2;
    int rowStep = width * pointStep + 1;
    byte[] data = new byte[rowStep * height];
    rnd.nextBytes(data);
    float[] expected = new float[width * height * 3];
    for (int p = 0; p < width * height; p++) {
      int base = (p / width) * rowStep + (p % width) * pointStep;
      for (int axis = 0; axis < 3; axis++) {
        double v = t == PointDatatype.INT16 ? rnd.nextInt(2000) - 1000 : (float) rnd.nextGaussian();
        put(data, base + slot[axis] * s, t, v, little);
        expected[p * 3 + axis] = (float) v;
      }
    }
    PointCloud2View view = PointCloud2View.of(
        new PointCloud2(HEADER, height, width, fields, !little, pointStep, rowStep, data, true));
    assertArrayEquals(expected, view.xyz(), t + (little ? " LE" : " BE"));
  }

  @Test
  void xyziIsOneBulkCopyForTheUsualLayoutAndPerPointOtherwise() {
    Random rnd = new Random(9);
    int n = 37;
    byte[] data = new byte[n * 16];
    float[] expected = new float[n * 4];
    for (int i = 0; i < n * 4; i++) {
      expected[i] = (float) rnd.nextGaussian();
      ByteOrderAccess.putFloat(data, 4 * i, expected[i], true);
    }
    List<PointField> xyzi = List.of(new PointField("x", 0, 7, 1), new PointField("y", 4, 7, 1),
        new PointField("z", 8, 7, 1), new PointField("intensity", 12, 7, 1));
    byte[] payload = MessageTypes.POINT_CLOUD2.encode(new PointCloud2(HEADER, 1, n, xyzi, false, 16, 16 * n, data, true));
    assertArrayEquals(expected, PointCloud2View.decode(payload).xyzi());
    // organised with row padding, intensity as uint8 "reflectance", big endian: the general path
    int width = 3;
    int height = 2;
    int rowStep = width * 13 + 2;
    byte[] org = new byte[rowStep * height];
    List<PointField> fields = List.of(new PointField("x", 0, 7, 1), new PointField("y", 4, 7, 1),
        new PointField("z", 8, 7, 1), new PointField("reflectance", 12, 2, 1));
    float[] want = new float[width * height * 4];
    for (int p = 0; p < width * height; p++) {
      int at = (p / width) * rowStep + (p % width) * 13;
      for (int k = 0; k < 3; k++) {
        want[4 * p + k] = p * 10 + k;
        ByteOrderAccess.putFloat(org, at + 4 * k, want[4 * p + k], false);
      }
      org[at + 12] = (byte) (200 + p);
      want[4 * p + 3] = 200 + p;
    }
    assertArrayEquals(want, PointCloud2View.of(new PointCloud2(HEADER, height, width, fields, true, 13, rowStep, org,
        true)).xyzi());
    // no intensity at all: zeros
    float[] noIntensity = PointCloud2View.of(new PointCloud2(HEADER, 1, 1, XYZ, false, 12, 12, new byte[12], true)).xyzi();
    assertArrayEquals(new float[4], noIntensity);
  }

  @Test
  void decodingAPayloadViewsItsBytesInPlace() {
    PointCloud2 cloud = new SemanticCloudBuilder(2).add(1, 2, 3, 0.5f, 7, 0.9f, 0x123456).build(HEADER);
    byte[] payload = MessageTypes.POINT_CLOUD2.encode(cloud);
    PointCloud2View view = PointCloud2View.decode(payload);
    assertSame(payload, view.ref().buffer(), "zero copy: the view reads the payload array");
    assertEquals(HEADER, view.header());
    assertEquals(cloud, view.ref().copy());
  }

  @Test
  void aliasesFindIntensityRingAndTime() {
    for (String alias : List.of("intensity", "reflectance", "remission")) {
      for (String time : List.of("t", "time")) {
        List<PointField> fields = List.of(new PointField("x", 0, 7, 1), new PointField(alias, 4, 2, 1),
            new PointField("ring", 5, 4, 1), new PointField(time, 8, 7, 1));
        byte[] data = new byte[12];
        data[4] = (byte) 200;
        data[5] = 9;
        ByteOrderAccess.putFloat(data, 8, 0.25f, true);
        PointCloud2View view = PointCloud2View.of(new PointCloud2(HEADER, 1, 1, fields, false, 12, 12, data, true));
        assertEquals(200, view.intensity().orElseThrow().getFloat(0), alias);
        assertEquals(9, view.ring().orElseThrow().getLong(0));
        assertEquals(0.25f, view.time().orElseThrow().getFloat(0), time);
      }
    }
  }

  @Test
  void semanticCloudCarriesLabelScoreAndRvizRgb() {
    SemanticCloudBuilder b = new SemanticCloudBuilder(1);
    for (int i = 0; i < 5; i++) b.add(i, -i, 2 * i, i / 10f, 65535 - i, i / 5f, 0xff8000 + i);
    PointCloud2 cloud = b.build(HEADER);
    assertEquals(5, cloud.width());
    assertEquals(SemanticCloudBuilder.POINT_STEP * 5, cloud.rowStep());
    PointCloud2View view = PointCloud2View.of(MessageTypes.POINT_CLOUD2.decode(MessageTypes.POINT_CLOUD2.encode(cloud)));
    assertArrayEquals(new float[] {0, 0, 0, 1, -1, 2, 2, -2, 4, 3, -3, 6, 4, -4, 8}, view.xyz());
    for (int i = 0; i < 5; i++) {
      assertEquals(65535 - i, view.require("label").getLong(i));
      assertEquals(PointDatatype.UINT16, view.require("label").datatype());
      assertEquals(i / 5f, view.require("score").getFloat(i));
      assertEquals(i / 10f, view.intensity().orElseThrow().getFloat(i));
      assertEquals(0xff8000 + i, Float.floatToRawIntBits(view.require("rgb").getFloat(i)));
    }
    assertEquals(0x00ff8001, Float.floatToRawIntBits(SemanticCloudBuilder.packRgb(255, 128, 1)));
    assertTrue(cloud.isDense());
    assertTrue(!new SemanticCloudBuilder(1).add(Float.NaN, 0, 0, 0, 0, 0, 0).build(HEADER).isDense());
  }

  private static PointCloudFormatException invalid(List<PointField> fields, int width, int height, int pointStep,
      int rowStep, int dataBytes) {
    PointCloud2 msg = new PointCloud2(HEADER, height, width, fields, false, pointStep, rowStep, new byte[dataBytes], true);
    // the message itself decodes; the view refuses the layout
    byte[] payload = MessageTypes.POINT_CLOUD2.encode(msg);
    assertEquals(msg, MessageTypes.POINT_CLOUD2.decode(payload));
    PointCloudFormatException e = assertThrows(PointCloudFormatException.class, () -> PointCloud2View.decode(payload));
    assertTrue(e instanceof CdrException);
    assertTrue(e.getMessage().startsWith("sensor_msgs/msg/PointCloud2: "), e.getMessage());
    return e;
  }

  private static final List<PointField> XYZ = List.of(new PointField("x", 0, 7, 1), new PointField("y", 4, 7, 1),
      new PointField("z", 8, 7, 1));

  @Test
  void pointStepSmallerThanTheFieldsIsRejectedNamingTheField() {
    PointCloudFormatException e = invalid(XYZ, 2, 1, 10, 20, 20);
    assertEquals("fields[2] 'z'", e.fieldPath());
    assertEquals(8, e.offset());
    assertTrue(e.getMessage().contains("ends at byte 12 of the point, beyond point_step 10"), e.getMessage());
  }

  @Test
  void rowStepInconsistentWithWidthIsRejected() {
    PointCloudFormatException e = invalid(XYZ, 4, 2, 12, 40, 80);
    assertEquals("row_step", e.fieldPath());
    assertTrue(e.getMessage().contains("row_step 40 is inconsistent with width 4 x point_step 12 = 48"), e.getMessage());
  }

  @Test
  void dataSizeMismatchIsRejected() {
    PointCloudFormatException e = invalid(XYZ, 4, 2, 12, 48, 95);
    assertEquals("data", e.fieldPath());
    assertTrue(e.getMessage().contains("data has 95 bytes but row_step 48 x height 2 = 96"), e.getMessage());
  }

  @Test
  void unknownDatatypeIsRejectedNamingTheField() {
    List<PointField> fields = List.of(new PointField("x", 0, 7, 1), new PointField("weird", 4, 9, 1));
    PointCloudFormatException e = invalid(fields, 1, 1, 8, 8, 8);
    assertEquals("fields[1] 'weird'", e.fieldPath());
    assertEquals(4, e.offset());
    assertTrue(e.getMessage().contains("unknown datatype 9"), e.getMessage());
  }

  @Test
  void hugeDimensionsFailWithoutAllocating() {
    PointCloudFormatException e = invalid(XYZ, -1, -1, 12, -1, 0);
    assertTrue(e.getMessage().contains("row_step 4294967295 is inconsistent"), e.getMessage());
  }

  @Test
  void missingFieldsAreListed() {
    List<PointField> fields = List.of(new PointField("a", 0, 7, 1));
    PointCloud2View view = PointCloud2View.of(new PointCloud2(HEADER, 1, 1, fields, false, 4, 4, new byte[4], true));
    PointCloudFormatException e = assertThrows(PointCloudFormatException.class, view::xyz);
    assertTrue(e.getMessage().contains("no field 'x' (fields: a)"), e.getMessage());
  }

  @Test
  void bigEndianXyzUsesTheGeneralPath() {
    byte[] data = new byte[12];
    ByteOrderAccess.putFloat(data, 0, 1.5f, false);
    ByteOrderAccess.putFloat(data, 4, -2f, false);
    ByteOrderAccess.putFloat(data, 8, 3f, false);
    PointCloud2 msg = new PointCloud2(HEADER, 1, 1, XYZ, true, 12, 12, data, true);
    assertArrayEquals(new float[] {1.5f, -2f, 3f}, PointCloud2View.decode(
        MessageTypes.POINT_CLOUD2.encode(msg, ByteOrder.BIG_ENDIAN)).xyz());
  }
}
