package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** rcl_interfaces/ParameterEvent, what /parameter_events carries; NODE is the fully qualified node name. */
public record ParameterEvent(Time stamp, String node, List<Parameter> newParameters, List<Parameter> changedParameters,
    List<Parameter> deletedParameters) {
  public ParameterEvent {
    newParameters = List.copyOf(newParameters);
    changedParameters = List.copyOf(changedParameters);
    deletedParameters = List.copyOf(deletedParameters);
  }

  public static final CdrCodec<ParameterEvent> CDR = new CdrCodec<>() {
    @Override
    public ParameterEvent read(CdrReader in) {
      return new ParameterEvent(in.nested("stamp", Time.CDR), in.string("node"),
          in.sequence("new_parameters", Parameter.CDR), in.sequence("changed_parameters", Parameter.CDR),
          in.sequence("deleted_parameters", Parameter.CDR));
    }

    @Override
    public void write(CdrWriter out, ParameterEvent v) {
      out.nested(Time.CDR, v.stamp).string(v.node).sequence(Parameter.CDR, v.newParameters)
          .sequence(Parameter.CDR, v.changedParameters).sequence(Parameter.CDR, v.deletedParameters);
    }
  };
}
