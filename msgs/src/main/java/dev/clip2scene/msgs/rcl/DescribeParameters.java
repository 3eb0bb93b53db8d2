package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** rcl_interfaces/srv/DescribeParameters: one descriptor per name. */
public final class DescribeParameters {
  private DescribeParameters() {}

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

  public record Response(List<ParameterDescriptor> descriptors) {
    public static final CdrCodec<Response> CDR = new CdrCodec<>() {
      @Override
      public Response read(CdrReader in) {
        return new Response(in.sequence("descriptors", ParameterDescriptor.CDR));
      }

      @Override
      public void write(CdrWriter out, Response v) {
        out.sequence(ParameterDescriptor.CDR, v.descriptors);
      }
    };
  }
}
