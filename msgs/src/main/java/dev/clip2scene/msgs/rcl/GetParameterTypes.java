package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.cdr.ScalarCodecs;
import java.util.List;

/** rcl_interfaces/srv/GetParameterTypes: one ParameterType code per name (0 for an unknown name). */
public final class GetParameterTypes {
  private GetParameterTypes() {}

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

  public record Response(List<Integer> types) {
    public static final CdrCodec<Response> CDR = new CdrCodec<>() {
      @Override
      public Response read(CdrReader in) {
        return new Response(in.sequence("types", ScalarCodecs.UINT8));
      }

      @Override
      public void write(CdrWriter out, Response v) {
        out.sequence(ScalarCodecs.UINT8, v.types);
      }
    };
  }
}
