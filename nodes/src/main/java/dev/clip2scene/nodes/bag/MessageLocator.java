package dev.clip2scene.nodes.bag;

import java.io.IOException;
import java.util.List;

/**
 * Storage that says where each message lies and reads it again from there alone, without a scan: the pretraining
 * sample index keeps these locations instead of payloads. A location is, for MCAP, the file offset of the Chunk (or
 * bare Message) record holding the message; for sqlite3, the message's row id.
 */
public interface MessageLocator {
  /** Like {@link StorageReader#messages}, telling where each message lies. */
  LocatedCursor locatedMessages(MessageFilter filter) throws IOException;

  /**
   * Like {@link #locatedMessages}, but going on past damage where the file allows (the chunks an MCAP summary lists
   * read independently, so a damaged one is reported and skipped): for a pass that wants every message it can get.
   */
  LocatedCursor salvagingMessages(MessageFilter filter) throws IOException;

  /**
   * The messages FILTER accepts stored at LOCATION, in log-time order (for MCAP, every accepted message of the
   * chunk). Damage there is thrown as a {@link BagFormatException} naming the file and position.
   */
  List<BagMessage> readAt(long location, MessageFilter filter) throws IOException;

  /** A cursor that also tells where the message it returned last is stored. */
  interface LocatedCursor extends MessageCursor {
    long location();
  }
}
