package dev.clip2scene.msgs.geometry;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** geometry_msgs/Transform: translation then rotation. */
public record Transform(Vector3 translation, Quaternion rotation) {
  public static final CdrCodec<Transform> CDR = new CdrCodec<>() {
    @Override
    public Transform read(CdrReader in) {
      return new Transform(in.nested("translation", Vector3.CDR), in.nested("rotation", Quaternion.CDR));
    }

    @Override
    public void write(CdrWriter out, Transform v) {
      out.nested(Vector3.CDR, v.translation).nested(Quaternion.CDR, v.rotation);
    }
  };
}
