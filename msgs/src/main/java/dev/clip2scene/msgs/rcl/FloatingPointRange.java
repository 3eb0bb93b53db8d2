package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** rcl_interfaces/FloatingPointRange: inclusive bounds; STEP 0 means any value between them. */
public record FloatingPointRange(double fromValue, double toValue, double step) {
  public static final CdrCodec<FloatingPointRange> CDR = new CdrCodec<>() {
    @Override
    public FloatingPointRange read(CdrReader in) {
      return new FloatingPointRange(in.float64("from_value"), in.float64("to_value"), in.float64("step"));
    }

    @Override
    public void write(CdrWriter out, FloatingPointRange v) {
      out.float64(v.fromValue).float64(v.toValue).float64(v.step);
    }
  };
}
