package dev.clip2scene.msgs;

import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.clip2scene.LabelClass;
import dev.clip2scene.msgs.clip2scene.LabelMap;
import dev.clip2scene.msgs.clip2scene.VocabularyUpdate;
import dev.clip2scene.msgs.diagnostic.DiagnosticArray;
import dev.clip2scene.msgs.diagnostic.DiagnosticStatus;
import dev.clip2scene.msgs.diagnostic.KeyValue;
import dev.clip2scene.msgs.geometry.Quaternion;
import dev.clip2scene.msgs.geometry.Transform;
import dev.clip2scene.msgs.geometry.TransformStamped;
import dev.clip2scene.msgs.geometry.Vector3;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.sensor.RegionOfInterest;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.msgs.tf2.TFMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/** Seeded random values of every message type (full value ranges, ASCII strings of varied lengths). */
public final class RandomMessages {
  private final Random rnd;
  private final Map<RosMessageType<?>, Supplier<Object>> makers;

  public RandomMessages(long seed) {
    this.rnd = new Random(seed);
    this.makers = Map.ofEntries(
        Map.entry(MessageTypes.TIME, this::time),
        Map.entry(MessageTypes.HEADER, this::header),
        Map.entry(MessageTypes.POINT_FIELD, this::pointField),
        Map.entry(MessageTypes.POINT_CLOUD2, this::pointCloud2),
        Map.entry(MessageTypes.IMAGE, () -> new Image(header(), rnd.nextInt(), rnd.nextInt(), string(),
            rnd.nextInt(256), rnd.nextInt(), bytes(rnd.nextInt(40)))),
        Map.entry(MessageTypes.COMPRESSED_IMAGE, () -> new CompressedImage(header(), string(), bytes(rnd.nextInt(40)))),
        Map.entry(MessageTypes.REGION_OF_INTEREST, this::roi),
        Map.entry(MessageTypes.CAMERA_INFO, () -> new CameraInfo(header(), rnd.nextInt(), rnd.nextInt(), string(),
            doubles(rnd.nextInt(9)), doubles(9), doubles(9), doubles(12), rnd.nextInt(), rnd.nextInt(), roi())),
        Map.entry(MessageTypes.VECTOR3, this::vector3),
        Map.entry(MessageTypes.QUATERNION, this::quaternion),
        Map.entry(MessageTypes.TRANSFORM, this::transform),
        Map.entry(MessageTypes.TRANSFORM_STAMPED, this::transformStamped),
        Map.entry(MessageTypes.TF_MESSAGE, () -> new TFMessage(list(this::transformStamped))),
        Map.entry(MessageTypes.KEY_VALUE, this::keyValue),
        Map.entry(MessageTypes.DIAGNOSTIC_STATUS, this::diagnosticStatus),
        Map.entry(MessageTypes.DIAGNOSTIC_ARRAY, () -> new DiagnosticArray(header(), list(this::diagnosticStatus))),
        Map.entry(MessageTypes.LABEL_CLASS, this::labelClass),
        Map.entry(MessageTypes.LABEL_MAP, () -> new LabelMap(header(), list(this::labelClass))),
        Map.entry(MessageTypes.VOCABULARY_UPDATE, () -> new VocabularyUpdate(header(), list(this::string),
            list(this::string))));
    for (RosMessageType<?> t : MessageTypes.all()) {
      if (!makers.containsKey(t)) throw new IllegalStateException("no random maker for " + t);
    }
  }

  /** A random value of TYPE. */
  @SuppressWarnings("unchecked")
  public <T> T next(RosMessageType<T> type) {
    return (T) makers.get(type).get();
  }

  public Random random() {
    return rnd;
  }

  Time time() {
    return new Time(rnd.nextInt(), rnd.nextInt());
  }

  Header header() {
    return new Header(time(), string());
  }

  PointField pointField() {
    return new PointField(string(), rnd.nextInt(), rnd.nextInt(256), rnd.nextInt());
  }

  /** A valid cloud layout (so views work on it) with random bytes as data. */
  PointCloud2 pointCloud2() {
    int width = rnd.nextInt(6);
    int height = 1 + rnd.nextInt(3);
    int pointStep = 16 + rnd.nextInt(8);
    int rowStep = width * pointStep + rnd.nextInt(4);
    List<PointField> fields = List.of(new PointField("x", 0, PointField.FLOAT32, 1),
        new PointField("y", 4, PointField.FLOAT32, 1), new PointField("z", 8, PointField.FLOAT32, 1),
        new PointField(rnd.nextBoolean() ? "intensity" : "ring", 12, 1 + rnd.nextInt(4), 1));
    return new PointCloud2(header(), height, width, fields, rnd.nextBoolean(), pointStep, rowStep,
        bytes(rowStep * height), rnd.nextBoolean());
  }

  RegionOfInterest roi() {
    return new RegionOfInterest(rnd.nextInt(), rnd.nextInt(), rnd.nextInt(), rnd.nextInt(), rnd.nextBoolean());
  }

  Vector3 vector3() {
    return new Vector3(dbl(), dbl(), dbl());
  }

  Quaternion quaternion() {
    return new Quaternion(dbl(), dbl(), dbl(), dbl());
  }

  Transform transform() {
    return new Transform(vector3(), quaternion());
  }

  TransformStamped transformStamped() {
    return new TransformStamped(header(), string(), transform());
  }

  KeyValue keyValue() {
    return new KeyValue(string(), string());
  }

  DiagnosticStatus diagnosticStatus() {
    return new DiagnosticStatus((byte) rnd.nextInt(), string(), string(), string(), list(this::keyValue));
  }

  LabelClass labelClass() {
    return new LabelClass(rnd.nextInt(65536), string(), rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256));
  }

  String string() {
    int n = rnd.nextInt(12);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append((char) (' ' + rnd.nextInt(95)));
    return sb.toString();
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** Finite doubles spanning many magnitudes and both signs. */
  double dbl() {
    return (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(20) - 10);
  }

  double[] doubles(int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) d[i] = dbl();
    return d;
  }

  <T> List<T> list(Supplier<T> maker) {
    int n = rnd.nextInt(4);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(maker.get());
    return out;
  }

}
