package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** rcl_interfaces/IntegerRange: inclusive bounds; STEP (a uint64) 0 means any value between them. */
public record IntegerRange(long fromValue, long toValue, long step) {
  public static final CdrCodec<IntegerRange> CDR = new CdrCodec<>() {
    @Override
    public IntegerRange read(CdrReader in) {
      return new IntegerRange(in.int64("from_value"), in.int64("to_value"), in.int64("step"));
    }

    @Override
    public void write(CdrWriter out, IntegerRange v) {
      out.int64(v.fromValue).int64(v.toValue).int64(v.step);
    }
  };
}
