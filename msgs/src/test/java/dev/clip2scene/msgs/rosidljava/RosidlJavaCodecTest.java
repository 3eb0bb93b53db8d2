package dev.clip2scene.msgs.rosidljava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrException;
import dev.clip2scene.msgs.schema.InterfaceCatalog;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.sensor.RegionOfInterest;
import dev.clip2scene.msgs.std.Header;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The codec against classes laid out as rosidl_generator_java lays them out (private fields named as the .msg members,
 * unsigned values in the signed Java type of their width, arrays as java.util.List), checked against the package's
 * own hand-written codecs of the same messages.
 */
class RosidlJavaCodecTest {
  @SuppressWarnings("unused")
  static final class GenTime {
    private int sec;
    private int nanosec;
  }

  @SuppressWarnings("unused")
  static final class GenHeader {
    private GenTime stamp = new GenTime();
    private String frame_id = "";
  }

  @SuppressWarnings("unused")
  static final class GenPointField {
    public static final byte FLOAT32 = 7;
    private String name = "";
    private int offset;
    private byte datatype;
    private int count;
  }

  @SuppressWarnings("unused")
  static final class GenPointCloud2 {
    private GenHeader header = new GenHeader();
    private int height;
    private int width;
    private List<GenPointField> fields = new ArrayList<>();
    private boolean is_bigendian;
    private int point_step;
    private int row_step;
    private List<Byte> data = new ArrayList<>();
    private boolean is_dense;
  }

  @SuppressWarnings("unused")
  static final class GenRegionOfInterest {
    private int x_offset;
    private int y_offset;
    private int height;
    private int width;
    private boolean do_rectify;
  }

  @SuppressWarnings("unused")
  static final class GenCameraInfo {
    private GenHeader header = new GenHeader();
    private int height;
    private int width;
    private String distortion_model = "";
    private List<Double> d = new ArrayList<>();
    private List<Double> k;
    private List<Double> r;
    private List<Double> p;
    private int binning_x;
    private int binning_y;
    private GenRegionOfInterest roi = new GenRegionOfInterest();
  }

  /** A class that lacks a field of its definition (a generated class of another version of the message). */
  @SuppressWarnings("unused")
  static final class GenTimeWithoutNanosec {
    private int sec;
  }

  private static final Map<String, Class<?>> CLASSES = Map.of(
      "builtin_interfaces/Time", GenTime.class,
      "std_msgs/Header", GenHeader.class,
      "sensor_msgs/PointField", GenPointField.class,
      "sensor_msgs/PointCloud2", GenPointCloud2.class,
      "sensor_msgs/RegionOfInterest", GenRegionOfInterest.class,
      "sensor_msgs/CameraInfo", GenCameraInfo.class);

  private static RosidlJavaCodec codec(String type) {
    return RosidlJavaCodec.of(type, InterfaceCatalog::definition, name -> {
      Class<?> c = CLASSES.get(name);
      if (c == null) throw new IllegalArgumentException("no test class for " + name);
      return c;
    });
  }

  private static PointCloud2 cloud(int points, long seed) {
    byte[] data = new byte[points * 16];
    new Random(seed).nextBytes(data);
    List<PointField> fields = List.of(new PointField("x", 0, 7, 1), new PointField("y", 4, 7, 1), new PointField("z", 8, 7, 1),
        new PointField("intensity", 12, 7, 1));
    return new PointCloud2(new Header(new Time(1_700_000_000, 123_456_789), "velodyne"), 1, points, fields, false, 16,
        points * 16, data, true);
  }

  @Test
  void aPointCloudRoundTripsByteForByteAndKeepsItsFieldsInTheGeneratedLayout() {
    PointCloud2 original = cloud(1000, 3);
    byte[] cdr = MessageTypes.POINT_CLOUD2.encode(original);
    RosidlJavaCodec c = codec("sensor_msgs/msg/PointCloud2");
    GenPointCloud2 g = assertInstanceOf(GenPointCloud2.class, c.decode(cdr, cdr.length));

    assertEquals(1_700_000_000, g.header.stamp.sec);
    assertEquals(123_456_789, g.header.stamp.nanosec);
    assertEquals("velodyne", g.header.frame_id);
    assertEquals(1000, g.width);
    assertEquals(List.of("x", "y", "z", "intensity"), g.fields.stream().map(f -> f.name).toList());
    assertEquals(12, g.fields.get(3).offset);
    assertEquals(7, g.fields.get(3).datatype);
    assertEquals(16_000, g.data.size());
    assertEquals(original.data()[15_999], g.data.get(15_999));
    assertTrue(g.is_dense);
    assertArrayEquals(cdr, c.encode(g));
  }

  @Test
  void fixedArraysNestedMessagesAndUnsignedValuesRoundTrip() {
    double[] k = {500, 0, 320, 0, 500, 240, 0, 0, 1};
    double[] r = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    double[] p = {500, 0, 320, 0, 0, 500, 240, 0, 0, 0, 1, 0};
    CameraInfo info = new CameraInfo(new Header(new Time(-5, 999_999_999), "cam_front"), 480, 0xFFFF_FFF0, "plumb_bob",
        new double[] {0.1, -0.2, 0.001, 0.002, 0.0}, k, r, p, 2, 0, new RegionOfInterest(3, 4, 100, 200, true));
    byte[] cdr = MessageTypes.CAMERA_INFO.encode(info);
    RosidlJavaCodec c = codec("sensor_msgs/msg/CameraInfo");
    GenCameraInfo g = (GenCameraInfo) c.decode(cdr, cdr.length);

    assertEquals(0xFFFF_FFF0, g.width, "uint32 above 2^31 keeps its bits in an int");
    assertEquals(-5, g.header.stamp.sec);
    assertEquals(List.of(0.1, -0.2, 0.001, 0.002, 0.0), g.d);
    assertEquals(9, g.k.size());
    assertEquals(12, g.p.size());
    assertEquals(240.0, g.p.get(6));
    assertTrue(g.roi.do_rectify);
    assertEquals(200, g.roi.width);
    assertArrayEquals(cdr, c.encode(g));
  }

  @Test
  void anObjectFilledByHandEncodesToWhatTheHandWrittenDecoderReads() {
    GenPointCloud2 g = new GenPointCloud2();
    g.header.frame_id = "lidar";
    g.header.stamp.sec = 42;
    g.height = 1;
    g.width = 2;
    GenPointField x = new GenPointField();
    x.name = "x";
    x.datatype = GenPointField.FLOAT32;
    x.count = 1;
    g.fields.add(x);
    g.point_step = 4;
    g.row_step = 8;
    for (int i = 0; i < 8; i++) g.data.add((byte) (200 + i)); // a plain ArrayList, as the generated setters build
    byte[] cdr = codec("sensor_msgs/msg/PointCloud2").encode(g);

    PointCloud2 back = MessageTypes.POINT_CLOUD2.decode(cdr);
    assertEquals(new Header(new Time(42, 0), "lidar"), back.header());
    assertEquals(List.of(new PointField("x", 0, 7, 1)), back.fields());
    assertArrayEquals(new byte[] {(byte) 200, (byte) 201, (byte) 202, (byte) 203, (byte) 204, (byte) 205, (byte) 206, (byte) 207}, back.data());
    assertEquals(8, back.rowStep());
  }

  @Test
  void aWrongSizeForAFixedArrayIsRefusedNamingTheField() {
    GenCameraInfo g = new GenCameraInfo();
    g.k = Arrays.asList(1.0, 2.0);
    g.r = new ArrayList<>(List.of(1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0));
    g.p = new ArrayList<>(List.of(1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec("sensor_msgs/msg/CameraInfo").encode(g));
    assertEquals("sensor_msgs/CameraInfo.k holds 2 elements, its array 9", e.getMessage());
  }

  @Test
  void truncatedBytesFailWithTheFieldAndOffset() {
    byte[] cdr = MessageTypes.POINT_CLOUD2.encode(cloud(10, 1));
    RosidlJavaCodec c = codec("sensor_msgs/msg/PointCloud2");
    CdrException e = assertThrows(CdrException.class, () -> c.decode(cdr, cdr.length - 20));
    assertTrue(e.getMessage().contains("data"), e.getMessage());
  }

  @Test
  void aClassThatLacksAFieldOfTheDefinitionIsRefusedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RosidlJavaCodec.of("builtin_interfaces/msg/Time",
        InterfaceCatalog::definition, name -> GenTimeWithoutNanosec.class));
    assertTrue(e.getMessage().contains("has no field nanosec"), e.getMessage());
  }

  @Test
  void javaClassNamesFollowTheGenerator() {
    assertEquals("sensor_msgs.msg.PointCloud2", RosidlJavaCodec.javaClassName("sensor_msgs/msg/PointCloud2"));
    assertEquals("std_msgs.msg.Header", RosidlJavaCodec.javaClassName("std_msgs/Header"));
    assertEquals("rcl_interfaces.srv.SetParameters_Request", RosidlJavaCodec.javaClassName("rcl_interfaces/srv/SetParameters_Request"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RosidlJavaCodec.of("sensor_msgs/msg/PointCloud2", getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("no generated Java class sensor_msgs.msg.PointCloud2"), e.getMessage());
  }
}
