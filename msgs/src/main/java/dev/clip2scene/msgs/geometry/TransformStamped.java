package dev.clip2scene.msgs.geometry;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.std.Header;

/** geometry_msgs/TransformStamped: the pose of CHILDFRAMEID in HEADER's frame. */
public record TransformStamped(Header header, String childFrameId, Transform transform) {
  public static final CdrCodec<TransformStamped> CDR = new CdrCodec<>() {
    @Override
    public TransformStamped read(CdrReader in) {
      return new TransformStamped(in.nested("header", Header.CDR), in.string("child_frame_id"),
          in.nested("transform", Transform.CDR));
    }

    @Override
    public void write(CdrWriter out, TransformStamped v) {
      out.nested(Header.CDR, v.header).string(v.childFrameId).nested(Transform.CDR, v.transform);
    }
  };
}
