package dev.clip2scene.nodes.bag;

import java.io.Closeable;
import java.io.IOException;

/** One storage file being written (an .mcap or a .db3). */
public interface StorageWriter extends Closeable {
  void addTopic(TopicInfo topic) throws IOException;

  void write(BagMessage message) throws IOException;

  /** Bytes written so far, for splitting by size. */
  long bytesWritten();

  /** Stores rosbag2's metadata YAML (without the root key) inside the file, as rosbag2 does when closing it. */
  void embedMetadata(String yaml) throws IOException;
}
