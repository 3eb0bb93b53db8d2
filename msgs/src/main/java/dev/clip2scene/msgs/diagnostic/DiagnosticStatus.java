package dev.clip2scene.msgs.diagnostic;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** diagnostic_msgs/DiagnosticStatus: LEVEL is one of OK, WARN, ERROR, STALE. */
public record DiagnosticStatus(byte level, String name, String message, String hardwareId, List<KeyValue> values) {
  public static final byte OK = 0;
  public static final byte WARN = 1;
  public static final byte ERROR = 2;
  public static final byte STALE = 3;

  public DiagnosticStatus {
    values = List.copyOf(values);
  }

  public static final CdrCodec<DiagnosticStatus> CDR = new CdrCodec<>() {
    @Override
    public DiagnosticStatus read(CdrReader in) {
      return new DiagnosticStatus(in.int8("level"), in.string("name"), in.string("message"),
          in.string("hardware_id"), in.sequence("values", KeyValue.CDR));
    }

    @Override
    public void write(CdrWriter out, DiagnosticStatus v) {
      out.int8(v.level).string(v.name).string(v.message).string(v.hardwareId).sequence(KeyValue.CDR, v.values);
    }
  };
}
