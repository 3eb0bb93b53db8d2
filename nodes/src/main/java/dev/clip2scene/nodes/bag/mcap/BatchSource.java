package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.BagFormatException;
import java.io.IOException;

/** Where a cursor gets its next batch from: the chunk index (indexed) or the file itself (linear scan). */
interface BatchSource {
  /** Earliest log time the next batch may hold; Long.MAX_VALUE when no batch is left. */
  long nextStart() throws BagFormatException, IOException;

  /** Loads the next batch (possibly empty after filtering). Only called when nextStart() is not MAX_VALUE. */
  MessageBatch load() throws BagFormatException, IOException;

  /** Checks that can only be made once everything was read (e.g. the data section CRC). */
  void finish() throws BagFormatException, IOException;
}
