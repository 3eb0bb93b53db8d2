package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** rcl_interfaces/srv/GetParameters: one value per name, NOT_SET for an unknown name. */
public final class GetParameters {
  private GetParameters() {}

  public record Request(List<String> names) {
    public static final CdrCodec<Request> CDR = new CdrCodec<>() {
      @Override
      public Request read(CdrReader in) {
        return new Request(in.stringSequence("names"));
      }

      @Override
      public void write(CdrWriter out, Request v) {
        out.stringSequence(v.names);
      }
    };
  }

  public record Response(List<ParameterValueMsg> values) {
    public static final CdrCodec<Response> CDR = new CdrCodec<>() {
      @Override
      public Response read(CdrReader in) {
        return new Response(in.sequence("values", ParameterValueMsg.CDR));
      }

      @Override
      public void write(CdrWriter out, Response v) {
        out.sequence(ParameterValueMsg.CDR, v.values);
      }
    };
  }
}
