package dev.clip2scene.msgs.rosgraph;

import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** rosgraph_msgs/Clock, what /clock carries when a graph runs on simulated (bag) time. */
public record Clock(Time clock) {
  public static final CdrCodec<Clock> CDR = new CdrCodec<>() {
    @Override
    public Clock read(CdrReader in) {
      return new Clock(in.nested("clock", Time.CDR));
    }

    @Override
    public void write(CdrWriter out, Clock v) {
      out.nested(Time.CDR, v.clock);
    }
  };
}
