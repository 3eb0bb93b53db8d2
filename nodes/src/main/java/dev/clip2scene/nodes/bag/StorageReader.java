package dev.clip2scene.nodes.bag;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One storage file of a bag (an .mcap or a .db3). */
public interface StorageReader extends Closeable {
  Path file();

  /** rosbag2's storage identifier: "mcap" or "sqlite3". */
  String storageId();

  /** Topics with their message counts in this file. */
  List<TopicInfo> topics() throws IOException;

  /** First and last log time in this file; {0, 0} when it holds no message. */
  long[] timeRange() throws IOException;

  /** A new cursor over the messages that FILTER accepts, in log-time order. */
  MessageCursor messages(MessageFilter filter) throws IOException;

  /**
   * Reads the whole file once, checking everything a normal read may skip (MCAP: every byte sequentially, so the
   * data section CRC too; sqlite3: the database's integrity check). Findings join {@link #damage()}.
   */
  void verify() throws IOException;

  /** Damage found so far (by opening, counting or any cursor), in the order found. */
  List<BagFormatException> damage();
}
