package dev.clip2scene.msgs.diagnostic;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** diagnostic_msgs/KeyValue. */
public record KeyValue(String key, String value) {
  public static final CdrCodec<KeyValue> CDR = new CdrCodec<>() {
    @Override
    public KeyValue read(CdrReader in) {
      return new KeyValue(in.string("key"), in.string("value"));
    }

    @Override
    public void write(CdrWriter out, KeyValue v) {
      out.string(v.key).string(v.value);
    }
  };
}
