package dev.clip2scene.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  @Test
  void roundTripsFloatAndIntArrays() throws IOException {
    Path f = dir.resolve("a.npy");
    float[] v = {1f, 2.5f, -3f, 4f, 5f, 6f};
    Npy.writeFloats(f, new long[] {2, 3}, v);
    NpyArray a = Npy.read(f);
    assertEquals(DType.F32, a.dtype());
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertArrayEquals(v, a.floats());
    assertEquals(0, (Files.size(f) - 24) % 8);
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));

    Path g = dir.resolve("b.npy");
    Npy.writeInts(g, new long[] {3}, new int[] {7, -8, 9});
    assertArrayEquals(new long[] {7, -8, 9}, Npy.read(g).longs());
    assertArrayEquals(new long[] {3}, Npy.read(g).shape());
  }

  @Test
  void writesWhatNumpyReads() throws Exception {
    Fixtures.executable("python3");
    Path f = dir.resolve("c.npy");
    Npy.writeFloats(f, new long[] {2, 2}, new float[] {1f, 2f, 3f, 4.5f});
    Process p = new ProcessBuilder("python3", "-c",
        "import numpy,sys; a=numpy.load(sys.argv[1]); print(a.dtype, a.shape, float(a.sum()))", f.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    Fixtures.require(p.waitFor() == 0 || !out.contains("No module named"), "python3-numpy is not installed");
    assertEquals("float32 (2, 2) 10.5", out);
  }

  @Test
  void readsReferenceArrays() {
    NpyArray tokens = Npy.read(Fixtures.sharedData("clip/tiny-vit/text_tokens.npy"));
    assertArrayEquals(new long[] {6, 77}, tokens.shape());
    long[] ids = tokens.longs();
    assertEquals(49406, ids[0]);
    NpyArray feats = Npy.read(Fixtures.sharedData("clip/tiny-vit/text_features.npy"));
    assertEquals(DType.F64, feats.dtype());
    assertEquals(6 * 32, feats.doubles().length);
  }

  @Test
  void rejectsTruncatedAndForeignFiles() throws IOException {
    Path f = dir.resolve("a.npy");
    Npy.writeFloats(f, new long[] {16}, new float[16]);
    byte[] full = Files.readAllBytes(f);
    Path t = dir.resolve("t.npy");
    Files.write(t, Arrays.copyOf(full, full.length - 3));
    assertTrue(assertThrows(TensorFileException.class, () -> Npy.read(t)).getMessage().contains("truncated"));
    Path x = dir.resolve("x.npy");
    Files.writeString(x, "hello, not numpy");
    assertTrue(assertThrows(TensorFileException.class, () -> Npy.read(x)).getMessage().contains("not a .npy"));
    assertTrue(assertThrows(TensorFileException.class, () -> Npy.read(dir.resolve("none.npy"))).getMessage().contains("none.npy"));
  }
}
