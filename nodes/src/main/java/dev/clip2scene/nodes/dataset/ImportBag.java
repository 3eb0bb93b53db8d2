package dev.clip2scene.nodes.dataset;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.cdr.ByteOrderAccess;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.sensor.RegionOfInterest;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.bag.WriterOptions;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bag a dataset importer writes: topics declared with their ROS definitions, typed messages logged at their
 * stamps, and the standard messages built from a dataset's arrays (clouds, camera_info).
 */
public final class ImportBag implements Closeable {
  private static final int XYZI_BYTES = 16;
  private final BagWriter writer;

  private ImportBag(BagWriter writer) {
    this.writer = writer;
  }

  /** Creates the bag folder (it must not exist, or be empty). */
  public static ImportBag create(Path folder, WriterOptions options) throws IOException {
    return new ImportBag(BagWriter.create(folder, options));
  }

  public void topic(String topic, RosMessageType<?> type) throws IOException {
    writer.addTopic(new TopicInfo(topic, type.name(), "cdr", "", "", new MessageDefinition("ros2msg", type.schemaText()), 0));
  }

  /** MESSAGE on TOPIC, logged and published at STAMP_NS. */
  public <T> void write(String topic, RosMessageType<T> type, long stampNs, T message) throws IOException {
    writer.write(new BagMessage(topic, type.name(), stampNs, stampNs, type.encode(message)));
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** A uint16 column of a cloud: one value per point. */
  public record Uint16Field(String name, int[] values) {}

  /**
   * A little-endian cloud of XYZI (x, y, z, intensity per point) as float32 fields, then EXTRA uint16 fields in
   * order; each point padded to a multiple of 4 bytes.
   */
  public static PointCloud2 cloud(Header header, float[] xyzi, List<Uint16Field> extra) {
    int n = xyzi.length / 4;
    int step = (XYZI_BYTES + 2 * extra.size() + 3) / 4 * 4;
    List<PointField> fields = new ArrayList<>(List.of(new PointField("x", 0, PointField.FLOAT32, 1), new PointField("y", 4, PointField.FLOAT32, 1),
        new PointField("z", 8, PointField.FLOAT32, 1), new PointField("intensity", 12, PointField.FLOAT32, 1)));
    for (int e = 0; e < extra.size(); e++) fields.add(new PointField(extra.get(e).name(), XYZI_BYTES + 2 * e, PointField.UINT16, 1));
    byte[] data = new byte[n * step];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4; k++) ByteOrderAccess.putFloat(data, i * step + 4 * k, xyzi[i * 4 + k], true);
      for (int e = 0; e < extra.size(); e++) ByteOrderAccess.putShort(data, i * step + XYZI_BYTES + 2 * e, (short) extra.get(e).values()[i], true);
    }
    return new PointCloud2(header, 1, n, fields, false, step, n * step, data, true);
  }

  public static CameraInfo cameraInfo(Header header, CameraCalibration c) {
    return new CameraInfo(header, c.height(), c.width(), c.distortionModel(), c.d(), c.k(), c.r(), c.p(), 0, 0, RegionOfInterest.FULL);
  }
}
