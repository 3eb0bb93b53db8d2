package dev.clip2scene.nodes.bag;

import java.io.Closeable;
import java.io.IOException;

/**
 * Messages of one storage file (or a whole bag) in log-time order. {@link #next()} returns null at the end, also when
 * damage stopped the reading early: the damage is then in the owning reader's report, after every message before it
 * has been returned.
 */
public interface MessageCursor extends Closeable {
  BagMessage next() throws IOException;

  @Override
  void close() throws IOException;
}
