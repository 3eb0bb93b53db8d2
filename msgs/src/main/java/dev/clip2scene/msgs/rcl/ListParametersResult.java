package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** rcl_interfaces/ListParametersResult. */
public record ListParametersResult(List<String> names, List<String> prefixes) {
  public ListParametersResult {
    names = List.copyOf(names);
    prefixes = List.copyOf(prefixes);
  }

  public static final CdrCodec<ListParametersResult> CDR = new CdrCodec<>() {
    @Override
    public ListParametersResult read(CdrReader in) {
      return new ListParametersResult(in.stringSequence("names"), in.stringSequence("prefixes"));
    }

    @Override
    public void write(CdrWriter out, ListParametersResult v) {
      out.stringSequence(v.names).stringSequence(v.prefixes);
    }
  };
}
