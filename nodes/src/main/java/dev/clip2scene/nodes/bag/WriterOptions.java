package dev.clip2scene.nodes.bag;

import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.nodes.bag.mcap.McapWriter;

/**
 * How a bag is written.
 *
 * @param storage "mcap" or "sqlite3"
 * @param compression MCAP chunk compression (ignored for sqlite3)
 * @param chunkSize MCAP uncompressed chunk size in bytes
 * @param splitBytes start a new storage file once one reaches this size; 0 = never split
 */
public record WriterOptions(String storage, ChunkCodec compression, int chunkSize, long splitBytes) {
  public static final WriterOptions MCAP = new WriterOptions("mcap", ChunkCodec.ZSTD, McapWriter.DEFAULT_CHUNK_SIZE, 0);
  public static final WriterOptions SQLITE3 = new WriterOptions("sqlite3", ChunkCodec.NONE, 0, 0);

  public WriterOptions {
    if (!storage.equals("mcap") && !storage.equals("sqlite3")) {
      throw new IllegalArgumentException("unknown storage '" + storage + "' (expected mcap or sqlite3)");
    }
    if (storage.equals("mcap") && chunkSize <= 0) throw new IllegalArgumentException("chunk size must be > 0");
    if (splitBytes < 0) throw new IllegalArgumentException("split size must be >= 0");
  }

  public WriterOptions withCompression(ChunkCodec c) {
    return new WriterOptions(storage, c, chunkSize, splitBytes);
  }

  public WriterOptions withSplitBytes(long bytes) {
    return new WriterOptions(storage, compression, chunkSize, bytes);
  }

  public WriterOptions withChunkSize(int bytes) {
    return new WriterOptions(storage, compression, bytes, splitBytes);
  }

  public String extension() {
    return storage.equals("mcap") ? ".mcap" : ".db3";
  }
}
