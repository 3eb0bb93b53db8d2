package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** rcl_interfaces/SetParametersResult. */
public record SetParametersResult(boolean successful, String reason) {
  public static final CdrCodec<SetParametersResult> CDR = new CdrCodec<>() {
    @Override
    public SetParametersResult read(CdrReader in) {
      return new SetParametersResult(in.bool("successful"), in.string("reason"));
    }

    @Override
    public void write(CdrWriter out, SetParametersResult v) {
      out.bool(v.successful).string(v.reason);
    }
  };
}
