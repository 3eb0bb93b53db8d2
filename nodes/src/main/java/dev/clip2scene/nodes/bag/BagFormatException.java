package dev.clip2scene.nodes.bag;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A bag file that is not what it claims: truncated, corrupt, of an unknown compression, or not a bag at all. Names the
 * file, the record or row, and the byte offset (-1 where a position has no meaning, e.g. an sqlite3 row).
 */
public final class BagFormatException extends IOException {
  private final Path file;
  private final String where;
  private final long offset;

  public BagFormatException(Path file, String where, long offset, String problem) {
    this(file, where, offset, problem, null);
  }

  public BagFormatException(Path file, String where, long offset, String problem, Throwable cause) {
    super(file + ": " + where + (offset >= 0 ? " at byte " + offset : "") + ": " + problem, cause);
    this.file = file;
    this.where = where;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  /** The record or row, e.g. "Chunk record" or "messages row 17". */
  public String where() {
    return where;
  }

  public long offset() {
    return offset;
  }
}
