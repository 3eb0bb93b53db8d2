package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** rcl_interfaces/srv/SetParameters: each parameter set on its own, one result each. */
public final class SetParameters {
  private SetParameters() {}

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

  public record Response(List<SetParametersResult> results) {
    public static final CdrCodec<Response> CDR = new CdrCodec<>() {
      @Override
      public Response read(CdrReader in) {
        return new Response(in.sequence("results", SetParametersResult.CDR));
      }

      @Override
      public void write(CdrWriter out, Response v) {
        out.sequence(SetParametersResult.CDR, v.results);
      }
    };
  }
}
