package dev.clip2scene.msgs.tf2;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.geometry.TransformStamped;
import java.util.List;

/** tf2_msgs/TFMessage: the payload of /tf and /tf_static. */
public record TFMessage(List<TransformStamped> transforms) {
  public TFMessage {
    transforms = List.copyOf(transforms);
  }

  public static final CdrCodec<TFMessage> CDR = new CdrCodec<>() {
    @Override
    public TFMessage read(CdrReader in) {
      return new TFMessage(in.sequence("transforms", TransformStamped.CDR));
    }

    @Override
    public void write(CdrWriter out, TFMessage v) {
      out.sequence(TransformStamped.CDR, v.transforms);
    }
  };
}
