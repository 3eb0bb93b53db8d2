package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** rcl_interfaces/Parameter. */
public record Parameter(String name, ParameterValueMsg value) {
  public static final CdrCodec<Parameter> CDR = new CdrCodec<>() {
    @Override
    public Parameter read(CdrReader in) {
      return new Parameter(in.string("name"), in.nested("value", ParameterValueMsg.CDR));
    }

    @Override
    public void write(CdrWriter out, Parameter v) {
      out.string(v.name).nested(ParameterValueMsg.CDR, v.value);
    }
  };
}
