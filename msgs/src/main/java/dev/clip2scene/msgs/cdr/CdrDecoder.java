package dev.clip2scene.msgs.cdr;

/** Reads one ROS message structure at the current position of a CDR stream. */
@FunctionalInterface
public interface CdrDecoder<T> {
  T read(CdrReader in);
}
