package dev.clip2scene.msgs.geometry;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** geometry_msgs/Quaternion (x, y, z, w). */
public record Quaternion(double x, double y, double z, double w) {
  public static final Quaternion IDENTITY = new Quaternion(0, 0, 0, 1);

  public static final CdrCodec<Quaternion> CDR = new CdrCodec<>() {
    @Override
    public Quaternion read(CdrReader in) {
      return new Quaternion(in.float64("x"), in.float64("y"), in.float64("z"), in.float64("w"));
    }

    @Override
    public void write(CdrWriter out, Quaternion v) {
      out.float64(v.x).float64(v.y).float64(v.z).float64(v.w);
    }
  };
}
