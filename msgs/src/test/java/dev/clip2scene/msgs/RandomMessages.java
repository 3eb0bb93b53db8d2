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
import dev.clip2scene.msgs.rcl.DescribeParameters;
import dev.clip2scene.msgs.rcl.FloatingPointRange;
import dev.clip2scene.msgs.rcl.GetParameterTypes;
import dev.clip2scene.msgs.rcl.GetParameters;
import dev.clip2scene.msgs.rcl.IntegerRange;
import dev.clip2scene.msgs.rcl.ListParameters;
import dev.clip2scene.msgs.rcl.ListParametersResult;
import dev.clip2scene.msgs.rcl.Log;
import dev.clip2scene.msgs.rcl.Parameter;
import dev.clip2scene.msgs.rcl.ParameterDescriptor;
import dev.clip2scene.msgs.rcl.ParameterEvent;
import dev.clip2scene.msgs.rcl.ParameterValueMsg;
import dev.clip2scene.msgs.rcl.SetParameters;
import dev.clip2scene.msgs.rcl.SetParametersAtomically;
import dev.clip2scene.msgs.rcl.SetParametersResult;
import dev.clip2scene.msgs.rmw.Gid;
import dev.clip2scene.msgs.rmw.NodeEntitiesInfo;
import dev.clip2scene.msgs.rmw.ParticipantEntitiesInfo;
import dev.clip2scene.msgs.rosgraph.Clock;
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
        Map.entry(MessageTypes.CLOCK, () -> new Clock(time())),
        Map.entry(MessageTypes.LOG, () -> new Log(time(), rnd.nextInt(256), string(), string(), string(), string(),
            rnd.nextInt())),
        Map.entry(MessageTypes.PARAMETER_VALUE, this::parameterValue),
        Map.entry(MessageTypes.PARAMETER, this::parameter),
        Map.entry(MessageTypes.INTEGER_RANGE, this::integerRange),
        Map.entry(MessageTypes.FLOATING_POINT_RANGE, this::floatingPointRange),
        Map.entry(MessageTypes.PARAMETER_DESCRIPTOR, this::parameterDescriptor),
        Map.entry(MessageTypes.SET_PARAMETERS_RESULT, this::setParametersResult),
        Map.entry(MessageTypes.LIST_PARAMETERS_RESULT, this::listParametersResult),
        Map.entry(MessageTypes.PARAMETER_EVENT, () -> new ParameterEvent(time(), string(), list(this::parameter),
            list(this::parameter), list(this::parameter))),
        Map.entry(MessageTypes.GID, this::gid),
        Map.entry(MessageTypes.NODE_ENTITIES_INFO, this::nodeEntitiesInfo),
        Map.entry(MessageTypes.PARTICIPANT_ENTITIES_INFO, () -> new ParticipantEntitiesInfo(gid(),
            list(this::nodeEntitiesInfo))),
        Map.entry(ServiceTypes.LIST_PARAMETERS.request(), () -> new ListParameters.Request(list(this::string),
            rnd.nextLong() & Long.MAX_VALUE)),
        Map.entry(ServiceTypes.LIST_PARAMETERS.response(), () -> new ListParameters.Response(listParametersResult())),
        Map.entry(ServiceTypes.GET_PARAMETERS.request(), () -> new GetParameters.Request(list(this::string))),
        Map.entry(ServiceTypes.GET_PARAMETERS.response(), () -> new GetParameters.Response(list(this::parameterValue))),
        Map.entry(ServiceTypes.SET_PARAMETERS.request(), () -> new SetParameters.Request(list(this::parameter))),
        Map.entry(ServiceTypes.SET_PARAMETERS.response(),
            () -> new SetParameters.Response(list(this::setParametersResult))),
        Map.entry(ServiceTypes.SET_PARAMETERS_ATOMICALLY.request(),
            () -> new SetParametersAtomically.Request(list(this::parameter))),
        Map.entry(ServiceTypes.SET_PARAMETERS_ATOMICALLY.response(),
            () -> new SetParametersAtomically.Response(setParametersResult())),
        Map.entry(ServiceTypes.DESCRIBE_PARAMETERS.request(), () -> new DescribeParameters.Request(list(this::string))),
        Map.entry(ServiceTypes.DESCRIBE_PARAMETERS.response(),
            () -> new DescribeParameters.Response(list(this::parameterDescriptor))),
        Map.entry(ServiceTypes.GET_PARAMETER_TYPES.request(), () -> new GetParameterTypes.Request(list(this::string))),
        Map.entry(ServiceTypes.GET_PARAMETER_TYPES.response(),
            () -> new GetParameterTypes.Response(list(() -> rnd.nextInt(256)))),
        Map.entry(MessageTypes.LABEL_CLASS, this::labelClass),
        Map.entry(MessageTypes.LABEL_MAP, () -> new LabelMap(header(), list(this::labelClass))),
        Map.entry(MessageTypes.VOCABULARY_UPDATE, () -> new VocabularyUpdate(header(), list(this::string),
            list(this::string))));
    for (RosMessageType<?> t : everyType()) {
      if (!makers.containsKey(t)) throw new IllegalStateException("no random maker for " + t);
    }
  }

  /** Every message type and every service request and response. */
  public static List<RosMessageType<?>> everyType() {
    List<RosMessageType<?>> all = new ArrayList<>(MessageTypes.all());
    for (ServiceTypes.RosServiceType<?, ?> s : ServiceTypes.all()) {
      all.add(s.request());
      all.add(s.response());
    }
    return all;
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

  ParameterValueMsg parameterValue() {
    return new ParameterValueMsg(rnd.nextInt(256), rnd.nextBoolean(), rnd.nextLong(), dbl(), string(),
        bytes(rnd.nextInt(5)), list(rnd::nextBoolean), list(rnd::nextLong), doubles(rnd.nextInt(4)), list(this::string));
  }

  Parameter parameter() {
    return new Parameter(string(), parameterValue());
  }

  IntegerRange integerRange() {
    return new IntegerRange(rnd.nextLong(), rnd.nextLong(), rnd.nextLong() & Long.MAX_VALUE);
  }

  FloatingPointRange floatingPointRange() {
    return new FloatingPointRange(dbl(), dbl(), dbl());
  }

  ParameterDescriptor parameterDescriptor() {
    return new ParameterDescriptor(string(), rnd.nextInt(256), string(), string(), rnd.nextBoolean(),
        rnd.nextBoolean(), rnd.nextBoolean() ? List.of(floatingPointRange()) : List.of(),
        rnd.nextBoolean() ? List.of(integerRange()) : List.of());
  }

  SetParametersResult setParametersResult() {
    return new SetParametersResult(rnd.nextBoolean(), string());
  }

  ListParametersResult listParametersResult() {
    return new ListParametersResult(list(this::string), list(this::string));
  }

  Gid gid() {
    return new Gid(bytes(Gid.SIZE));
  }

  NodeEntitiesInfo nodeEntitiesInfo() {
    return new NodeEntitiesInfo(string(), string(), list(this::gid), list(this::gid));
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
