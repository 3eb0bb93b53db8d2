package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** rcl_interfaces/Log, what /rosout carries: LEVEL is one of DEBUG..FATAL; LINE is a uint32 held in an int. */
public record Log(Time stamp, int level, String name, String msg, String file, String function, int line) {
  public static final int DEBUG = 10;
  public static final int INFO = 20;
  public static final int WARN = 30;
  public static final int ERROR = 40;
  public static final int FATAL = 50;

  public static final CdrCodec<Log> CDR = new CdrCodec<>() {
    @Override
    public Log read(CdrReader in) {
      return new Log(in.nested("stamp", Time.CDR), in.uint8("level"), in.string("name"), in.string("msg"),
          in.string("file"), in.string("function"), in.uint32("line"));
    }

    @Override
    public void write(CdrWriter out, Log v) {
      out.nested(Time.CDR, v.stamp).uint8(v.level).string(v.name).string(v.msg).string(v.file).string(v.function)
          .uint32(v.line);
    }
  };
}
