package dev.clip2scene.nodes.bag.sqlite;

import dev.clip2scene.nodes.bag.BagFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The 100-byte header of an sqlite3 database file (https://sqlite.org/fileformat.html): page size at offset 16,
 * the file change counter at 24, the database size in pages at 28, valid when the version-valid-for number at 92
 * equals the change counter. A file shorter than that size was cut off.
 */
final class SqliteHeader {
  private static final int LENGTH = 100;

  private SqliteHeader() {}

  /**
   * A file shorter than its header declares.
   *
   * @param damage the truncation, naming the file, where it ends and how much is missing
   * @param partialPage the page the file's end cuts through (sqlite reads its missing part as zeros), 0 when the
   *     file ends on a page boundary
   */
  record Truncation(BagFormatException damage, long partialPage) {}

  /**
   * The truncation of FILE, or null when it holds every page its header declares (or the header cannot tell: no
   * valid size, a write-ahead log beside it holding pages, a file too short for a header, which sqlite itself
   * refuses on open).
   */
  static Truncation truncation(Path file) throws IOException {
    long size = Files.size(file);
    if (size < LENGTH) return null;
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    if (Files.isRegularFile(wal) && Files.size(wal) > 0) return null;
    ByteBuffer h = ByteBuffer.allocate(LENGTH); // sqlite stores big-endian
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (h.hasRemaining() && ch.read(h, h.position()) >= 0) {
        // read the whole header
      }
    }
    int rawPageSize = h.getShort(16) & 0xFFFF;
    long pageSize = rawPageSize == 1 ? 65_536 : rawPageSize;
    long pages = Integer.toUnsignedLong(h.getInt(28));
    boolean sizeValid = pages > 0 && h.getInt(24) == h.getInt(92);
    if (pageSize < 512 || Long.bitCount(pageSize) != 1 || !sizeValid) return null;
    long expected = pages * pageSize;
    if (size >= expected) return null;
    return new Truncation(new BagFormatException(file, "sqlite3 file", size, "the file ends here, but its header "
        + "declares " + pages + " pages of " + pageSize + " bytes (" + expected + " bytes): truncated, "
        + (expected - size) + " bytes missing"), size % pageSize == 0 ? 0 : size / pageSize + 1);
  }
}
