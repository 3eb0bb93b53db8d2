package dev.clip2scene.msgs.std;

import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** std_msgs/Header: acquisition stamp and coordinate frame. */
public record Header(Time stamp, String frameId) {
  public static final CdrCodec<Header> CDR = new CdrCodec<>() {
    @Override
    public Header read(CdrReader in) {
      return new Header(in.nested("stamp", Time.CDR), in.string("frame_id"));
    }

    @Override
    public void write(CdrWriter out, Header v) {
      out.nested(Time.CDR, v.stamp).string(v.frameId);
    }
  };
}
