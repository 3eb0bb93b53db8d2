package dev.clip2scene.msgs.cdr;

/** Reads and writes one ROS message structure at the current position of a CDR stream. */
public interface CdrCodec<T> extends CdrDecoder<T> {
  void write(CdrWriter out, T value);
}
