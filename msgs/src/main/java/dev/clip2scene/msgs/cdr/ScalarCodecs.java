package dev.clip2scene.msgs.cdr;

/** Codecs for sequences of boxed primitives (bool[], int64[], uint8[] read element by element). */
public final class ScalarCodecs {
  public static final CdrCodec<Boolean> BOOL = codec(in -> in.bool("element"), CdrWriter::bool);
  public static final CdrCodec<Long> INT64 = codec(in -> in.int64("element"), CdrWriter::int64);
  public static final CdrCodec<Integer> UINT8 = codec(in -> in.uint8("element"), CdrWriter::uint8);

  private ScalarCodecs() {}

  private interface Writer<T> {
    void write(CdrWriter out, T value);
  }

  private static <T> CdrCodec<T> codec(CdrDecoder<T> read, Writer<T> write) {
    return new CdrCodec<>() {
      @Override
      public T read(CdrReader in) {
        return read.read(in);
      }

      @Override
      public void write(CdrWriter out, T value) {
        write.write(out, value);
      }
    };
  }
}
