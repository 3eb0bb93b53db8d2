package dev.clip2scene.nodes.bag.mcap;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Positional reads from a file; several cursors may share one (each keeps its own position). */
final class FileSource implements Closeable {
  private final Path path;
  private final FileChannel channel;
  private final long size;

  FileSource(Path path) throws IOException {
    this.path = path;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.size = channel.size();
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /** Reads exactly LEN bytes at POSITION into DST[OFF..]; EOFException when the file ends first. */
  void readFully(long position, byte[] dst, int off, int len) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
    long p = position;
    while (bb.hasRemaining()) {
      int n = channel.read(bb, p);
      if (n < 0) throw new EOFException("file ends at byte " + p + ", " + bb.remaining() + " bytes short");
      p += n;
    }
  }

  byte[] read(long position, int len) throws IOException {
    byte[] b = new byte[len];
    readFully(position, b, 0, len);
    return b;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
