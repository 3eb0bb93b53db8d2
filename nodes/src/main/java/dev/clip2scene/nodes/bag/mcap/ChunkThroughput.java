package dev.clip2scene.nodes.bag.mcap;

import com.github.luben.zstd.Zstd;
import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.ReadLimits;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The ceiling for reading an MCAP file: read every chunk through its index and zstd-decompress it into a reused
 * buffer, with no CRC, no record walk, no message copies. Benchmarks compare the reader against this.
 */
public final class ChunkThroughput {
  private ChunkThroughput() {}

  public record Totals(long chunks, long compressedBytes, long uncompressedBytes) {}

  public static Totals decompressOnly(Path file) throws IOException {
    try (FileSource src = new FileSource(file)) {
      McapSummary summary = McapSummary.read(src, ReadLimits.DEFAULT);
      if (summary == null || summary.chunkIndexes().isEmpty()) {
        throw new BagFormatException(file, "summary", -1, "no chunk indexes to measure");
      }
      byte[] in = new byte[1 << 20];
      byte[] out = new byte[1 << 20];
      long chunks = 0;
      long compressed = 0;
      long uncompressed = 0;
      for (McapRecords.ChunkIndex ci : summary.chunkIndexes()) {
        if (!ci.compression().equals("zstd")) {
          throw new BagFormatException(file, "Chunk record", ci.chunkOffset(), "not zstd: '" + ci.compression() + "'");
        }
        int recordLength = (int) ci.chunkLength();
        if (in.length < recordLength) in = new byte[recordLength];
        if (out.length < ci.uncompressedSize()) out = new byte[(int) ci.uncompressedSize()];
        src.readFully(ci.chunkOffset(), in, 0, recordLength);
        int dataAt = recordLength - (int) ci.compressedSize();
        long n = Zstd.decompressByteArray(out, 0, (int) ci.uncompressedSize(), in, dataAt, (int) ci.compressedSize());
        if (Zstd.isError(n) || n != ci.uncompressedSize()) {
          throw new BagFormatException(file, "Chunk record", ci.chunkOffset(), "zstd failed");
        }
        chunks++;
        compressed += ci.compressedSize();
        uncompressed += n;
      }
      return new Totals(chunks, compressed, uncompressed);
    }
  }
}
