package dev.clip2scene.msgs.geometry;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** geometry_msgs/Vector3. */
public record Vector3(double x, double y, double z) {
  public static final CdrCodec<Vector3> CDR = new CdrCodec<>() {
    @Override
    public Vector3 read(CdrReader in) {
      return new Vector3(in.float64("x"), in.float64("y"), in.float64("z"));
    }

    @Override
    public void write(CdrWriter out, Vector3 v) {
      out.float64(v.x).float64(v.y).float64(v.z);
    }
  };
}
