package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** rcl_interfaces/srv/ListParameters: the names (and dotted prefixes) under PREFIXES, DEPTH levels deep (0: all). */
public final class ListParameters {
  private ListParameters() {}

  public record Request(List<String> prefixes, long depth) {
    public static final CdrCodec<Request> CDR = new CdrCodec<>() {
      @Override
      public Request read(CdrReader in) {
        return new Request(in.stringSequence("prefixes"), in.int64("depth"));
      }

      @Override
      public void write(CdrWriter out, Request v) {
        out.stringSequence(v.prefixes).int64(v.depth);
      }
    };
  }

  public record Response(ListParametersResult result) {
    public static final CdrCodec<Response> CDR = new CdrCodec<>() {
      @Override
      public Response read(CdrReader in) {
        return new Response(in.nested("result", ListParametersResult.CDR));
      }

      @Override
      public void write(CdrWriter out, Response v) {
        out.nested(ListParametersResult.CDR, v.result);
      }
    };
  }
}
