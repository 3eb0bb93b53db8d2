package dev.clip2scene.msgs.diagnostic;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.std.Header;
import java.util.List;

/** diagnostic_msgs/DiagnosticArray: what a node publishes on /diagnostics. */
public record DiagnosticArray(Header header, List<DiagnosticStatus> status) {
  public DiagnosticArray {
    status = List.copyOf(status);
  }

  public static final CdrCodec<DiagnosticArray> CDR = new CdrCodec<>() {
    @Override
    public DiagnosticArray read(CdrReader in) {
      return new DiagnosticArray(in.nested("header", Header.CDR), in.sequence("status", DiagnosticStatus.CDR));
    }

    @Override
    public void write(CdrWriter out, DiagnosticArray v) {
      out.nested(Header.CDR, v.header).sequence(DiagnosticStatus.CDR, v.status);
    }
  };
}
