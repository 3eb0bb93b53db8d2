package dev.clip2scene.msgs;

import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrCodec;
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
import dev.clip2scene.msgs.rcl.FloatingPointRange;
import dev.clip2scene.msgs.rcl.IntegerRange;
import dev.clip2scene.msgs.rcl.ListParametersResult;
import dev.clip2scene.msgs.rcl.Log;
import dev.clip2scene.msgs.rcl.Parameter;
import dev.clip2scene.msgs.rcl.ParameterDescriptor;
import dev.clip2scene.msgs.rcl.ParameterEvent;
import dev.clip2scene.msgs.rcl.ParameterValueMsg;
import dev.clip2scene.msgs.rcl.SetParametersResult;
import dev.clip2scene.msgs.rmw.Gid;
import dev.clip2scene.msgs.rmw.NodeEntitiesInfo;
import dev.clip2scene.msgs.rmw.ParticipantEntitiesInfo;
import dev.clip2scene.msgs.rosgraph.Clock;
import dev.clip2scene.msgs.schema.MsgDefinition;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.sensor.RegionOfInterest;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.msgs.tf2.TFMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every message type this package decodes and encodes, by constant or by name. */
public final class MessageTypes {
  private static final Map<String, RosMessageType<?>> BY_NAME = new LinkedHashMap<>();

  public static final RosMessageType<Time> TIME = add("builtin_interfaces/msg/Time", Time.class, Time.CDR);
  public static final RosMessageType<Header> HEADER = add("std_msgs/msg/Header", Header.class, Header.CDR);
  public static final RosMessageType<PointField> POINT_FIELD =
      add("sensor_msgs/msg/PointField", PointField.class, PointField.CDR);
  public static final RosMessageType<PointCloud2> POINT_CLOUD2 =
      add("sensor_msgs/msg/PointCloud2", PointCloud2.class, PointCloud2.CDR);
  public static final RosMessageType<Image> IMAGE = add("sensor_msgs/msg/Image", Image.class, Image.CDR);
  public static final RosMessageType<CompressedImage> COMPRESSED_IMAGE =
      add("sensor_msgs/msg/CompressedImage", CompressedImage.class, CompressedImage.CDR);
  public static final RosMessageType<RegionOfInterest> REGION_OF_INTEREST =
      add("sensor_msgs/msg/RegionOfInterest", RegionOfInterest.class, RegionOfInterest.CDR);
  public static final RosMessageType<CameraInfo> CAMERA_INFO =
      add("sensor_msgs/msg/CameraInfo", CameraInfo.class, CameraInfo.CDR);
  public static final RosMessageType<Vector3> VECTOR3 = add("geometry_msgs/msg/Vector3", Vector3.class, Vector3.CDR);
  public static final RosMessageType<Quaternion> QUATERNION =
      add("geometry_msgs/msg/Quaternion", Quaternion.class, Quaternion.CDR);
  public static final RosMessageType<Transform> TRANSFORM =
      add("geometry_msgs/msg/Transform", Transform.class, Transform.CDR);
  public static final RosMessageType<TransformStamped> TRANSFORM_STAMPED =
      add("geometry_msgs/msg/TransformStamped", TransformStamped.class, TransformStamped.CDR);
  public static final RosMessageType<TFMessage> TF_MESSAGE =
      add("tf2_msgs/msg/TFMessage", TFMessage.class, TFMessage.CDR);
  public static final RosMessageType<KeyValue> KEY_VALUE =
      add("diagnostic_msgs/msg/KeyValue", KeyValue.class, KeyValue.CDR);
  public static final RosMessageType<DiagnosticStatus> DIAGNOSTIC_STATUS =
      add("diagnostic_msgs/msg/DiagnosticStatus", DiagnosticStatus.class, DiagnosticStatus.CDR);
  public static final RosMessageType<DiagnosticArray> DIAGNOSTIC_ARRAY =
      add("diagnostic_msgs/msg/DiagnosticArray", DiagnosticArray.class, DiagnosticArray.CDR);
  public static final RosMessageType<Clock> CLOCK = add("rosgraph_msgs/msg/Clock", Clock.class, Clock.CDR);
  public static final RosMessageType<Log> LOG = add("rcl_interfaces/msg/Log", Log.class, Log.CDR);
  public static final RosMessageType<ParameterValueMsg> PARAMETER_VALUE =
      add("rcl_interfaces/msg/ParameterValue", ParameterValueMsg.class, ParameterValueMsg.CDR);
  public static final RosMessageType<Parameter> PARAMETER =
      add("rcl_interfaces/msg/Parameter", Parameter.class, Parameter.CDR);
  public static final RosMessageType<IntegerRange> INTEGER_RANGE =
      add("rcl_interfaces/msg/IntegerRange", IntegerRange.class, IntegerRange.CDR);
  public static final RosMessageType<FloatingPointRange> FLOATING_POINT_RANGE =
      add("rcl_interfaces/msg/FloatingPointRange", FloatingPointRange.class, FloatingPointRange.CDR);
  public static final RosMessageType<ParameterDescriptor> PARAMETER_DESCRIPTOR =
      add("rcl_interfaces/msg/ParameterDescriptor", ParameterDescriptor.class, ParameterDescriptor.CDR);
  public static final RosMessageType<SetParametersResult> SET_PARAMETERS_RESULT =
      add("rcl_interfaces/msg/SetParametersResult", SetParametersResult.class, SetParametersResult.CDR);
  public static final RosMessageType<ListParametersResult> LIST_PARAMETERS_RESULT =
      add("rcl_interfaces/msg/ListParametersResult", ListParametersResult.class, ListParametersResult.CDR);
  public static final RosMessageType<ParameterEvent> PARAMETER_EVENT =
      add("rcl_interfaces/msg/ParameterEvent", ParameterEvent.class, ParameterEvent.CDR);
  public static final RosMessageType<Gid> GID = add("rmw_dds_common/msg/Gid", Gid.class, Gid.CDR);
  public static final RosMessageType<NodeEntitiesInfo> NODE_ENTITIES_INFO =
      add("rmw_dds_common/msg/NodeEntitiesInfo", NodeEntitiesInfo.class, NodeEntitiesInfo.CDR);
  public static final RosMessageType<ParticipantEntitiesInfo> PARTICIPANT_ENTITIES_INFO =
      add("rmw_dds_common/msg/ParticipantEntitiesInfo", ParticipantEntitiesInfo.class, ParticipantEntitiesInfo.CDR);
  public static final RosMessageType<LabelClass> LABEL_CLASS =
      add("clip2scene/msg/LabelClass", LabelClass.class, LabelClass.CDR);
  public static final RosMessageType<LabelMap> LABEL_MAP = add("clip2scene/msg/LabelMap", LabelMap.class, LabelMap.CDR);
  public static final RosMessageType<VocabularyUpdate> VOCABULARY_UPDATE =
      add("clip2scene/msg/VocabularyUpdate", VocabularyUpdate.class, VocabularyUpdate.CDR);

  private MessageTypes() {}

  private static <T> RosMessageType<T> add(String name, Class<T> javaType, CdrCodec<T> codec) {
    RosMessageType<T> t = new MessageType<>(name, javaType, codec);
    BY_NAME.put(name, t);
    return t;
  }

  /** The request or response half of a service ("pkg/srv/Name_Request"); not listed among the message types. */
  static <T> RosMessageType<T> serviceHalf(String name, Class<T> javaType, CdrCodec<T> codec) {
    return new MessageType<>(name, javaType, codec);
  }

  /** The type named "pkg/msg/Type" or "pkg/Type", if this package knows it. */
  public static Optional<RosMessageType<?>> find(String name) {
    return Optional.ofNullable(BY_NAME.get(MsgDefinition.rosName(name)));
  }

  /** All types, standard ones first, in a stable order. */
  public static List<RosMessageType<?>> all() {
    return List.copyOf(BY_NAME.values());
  }
}
