package dev.clip2scene.msgs;

import dev.clip2scene.msgs.rcl.DescribeParameters;
import dev.clip2scene.msgs.rcl.GetParameterTypes;
import dev.clip2scene.msgs.rcl.GetParameters;
import dev.clip2scene.msgs.rcl.ListParameters;
import dev.clip2scene.msgs.rcl.SetParameters;
import dev.clip2scene.msgs.rcl.SetParametersAtomically;
import java.util.List;

/** The services this package serves: each a request and a response type, named "pkg/srv/Name_Request|_Response". */
public final class ServiceTypes {
  /** A ROS 2 service type ("pkg/srv/Name") with its two message halves. */
  public record RosServiceType<Q, R>(String name, RosMessageType<Q> request, RosMessageType<R> response) {}

  public static final RosServiceType<ListParameters.Request, ListParameters.Response> LIST_PARAMETERS =
      of("rcl_interfaces/srv/ListParameters", ListParameters.Request.class, ListParameters.Request.CDR,
          ListParameters.Response.class, ListParameters.Response.CDR);
  public static final RosServiceType<GetParameters.Request, GetParameters.Response> GET_PARAMETERS =
      of("rcl_interfaces/srv/GetParameters", GetParameters.Request.class, GetParameters.Request.CDR,
          GetParameters.Response.class, GetParameters.Response.CDR);
  public static final RosServiceType<SetParameters.Request, SetParameters.Response> SET_PARAMETERS =
      of("rcl_interfaces/srv/SetParameters", SetParameters.Request.class, SetParameters.Request.CDR,
          SetParameters.Response.class, SetParameters.Response.CDR);
  public static final RosServiceType<SetParametersAtomically.Request, SetParametersAtomically.Response>
      SET_PARAMETERS_ATOMICALLY = of("rcl_interfaces/srv/SetParametersAtomically",
          SetParametersAtomically.Request.class, SetParametersAtomically.Request.CDR,
          SetParametersAtomically.Response.class, SetParametersAtomically.Response.CDR);
  public static final RosServiceType<DescribeParameters.Request, DescribeParameters.Response> DESCRIBE_PARAMETERS =
      of("rcl_interfaces/srv/DescribeParameters", DescribeParameters.Request.class, DescribeParameters.Request.CDR,
          DescribeParameters.Response.class, DescribeParameters.Response.CDR);
  public static final RosServiceType<GetParameterTypes.Request, GetParameterTypes.Response> GET_PARAMETER_TYPES =
      of("rcl_interfaces/srv/GetParameterTypes", GetParameterTypes.Request.class, GetParameterTypes.Request.CDR,
          GetParameterTypes.Response.class, GetParameterTypes.Response.CDR);

  private ServiceTypes() {}

  private static <Q, R> RosServiceType<Q, R> of(String name, Class<Q> q, dev.clip2scene.msgs.cdr.CdrCodec<Q> qc,
      Class<R> r, dev.clip2scene.msgs.cdr.CdrCodec<R> rc) {
    return new RosServiceType<>(name, MessageTypes.serviceHalf(name + "_Request", q, qc),
        MessageTypes.serviceHalf(name + "_Response", r, rc));
  }

  public static List<RosServiceType<?, ?>> all() {
    return List.of(LIST_PARAMETERS, GET_PARAMETERS, SET_PARAMETERS, SET_PARAMETERS_ATOMICALLY, DESCRIBE_PARAMETERS,
        GET_PARAMETER_TYPES);
  }
}
