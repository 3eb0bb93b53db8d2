package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** rcl_interfaces/srv/SetParametersAtomically: all parameters set, or none. */
public final class SetParametersAtomically {
  private SetParametersAtomically() {}

  public record Request(List<Parameter> parameters) {
    public static final CdrCodec<Request> CDR = new CdrCodec<>() {
      @Override
      public Request read(CdrReader in) {
        return new Request(in.sequence("parameters", Parameter.CDR));
      }

      @Override
      public void write(CdrWriter out, Request v) {
        out.sequence(Parameter.CDR, v.parameters);
      }
    };
  }

  public record Response(SetParametersResult result) {
    public static final CdrCodec<Response> CDR = new CdrCodec<>() {
      @Override
      public Response read(CdrReader in) {
        return new Response(in.nested("result", SetParametersResult.CDR));
      }

      @Override
      public void write(CdrWriter out, Response v) {
        out.nested(SetParametersResult.CDR, v.result);
      }
    };
  }
}
