package dev.clip2scene.msgs.builtin;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** builtin_interfaces/Time: seconds and nanoseconds (NANOSEC is a uint32 held in an int). */
public record Time(int sec, int nanosec) {
  public static final Time ZERO = new Time(0, 0);

  public static final CdrCodec<Time> CDR = new CdrCodec<>() {
    @Override
    public Time read(CdrReader in) {
      return new Time(in.int32("sec"), in.uint32("nanosec"));
    }

    @Override
    public void write(CdrWriter out, Time v) {
      out.int32(v.sec).uint32(v.nanosec);
    }
  };

  /** The stamp as nanoseconds since the epoch. */
  public long toNanos() {
    return sec * 1_000_000_000L + Integer.toUnsignedLong(nanosec);
  }

  public static Time ofNanos(long nanos) {
    return new Time((int) Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L));
  }
}
