package dev.clip2scene.msgs.cdr;

/** Reads and writes one ROS message structure at the current position of a CDR stream. */
public interface CdrCodec<T> {
  T read(CdrReader in);

  void write(CdrWriter out, T value);
}
