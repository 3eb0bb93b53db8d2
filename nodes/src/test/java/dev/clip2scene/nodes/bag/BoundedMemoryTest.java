package dev.clip2scene.nodes.bag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bag three times larger than the reader's whole heap reads completely: it is streamed, never loaded whole. */
class BoundedMemoryTest {
  private static final int MESSAGES = 120;
  private static final int SIZE = 1 << 20;

  @TempDir Path tmp;

  @Test
  void bagLargerThanTheHeapReadsInA48MbJvm() throws Exception {
    for (WriterOptions options : List.of(WriterOptions.MCAP.withCompression(ChunkCodec.NONE),
        WriterOptions.SQLITE3)) {
      Path bag = tmp.resolve("big-" + options.storage());
      Random rnd = new Random(3);
      byte[] data = new byte[SIZE];
      try (BagWriter w = BagWriter.create(bag, options)) {
        w.addTopic(BagMessages.CHATTER);
        for (int i = 0; i < MESSAGES; i++) {
          rnd.nextBytes(data);
          w.write(new BagMessage("/chatter", BagMessages.CHATTER.type(), 1_000_000L * i, 1_000_000L * i, data));
        }
      }
      long onDisk = 0;
      for (Path f : Files.list(bag).toList()) onDisk += Files.size(f);
      assertTrue(onDisk > 3 * 40L * SIZE, "bag of " + onDisk + " bytes");
      String out = readInSmallJvm(bag);
      assertEquals(MESSAGES + " " + (long) MESSAGES * SIZE, out.strip(), options.storage());
    }
  }

  private static String readInSmallJvm(Path bag) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx48m", "-cp", classpath, ReadAllMain.class.getName(),
        bag.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "reader did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
