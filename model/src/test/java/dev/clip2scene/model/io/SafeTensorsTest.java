package dev.clip2scene.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripsFloatsLongsAndMetadata() throws IOException {
    Path f = dir.resolve("w.safetensors");
    float[] w = {1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, -0f};
    new SafeTensorsWriter().metadata("format", "pt")
        .addFloats("layer.weight", new long[] {2, 3}, w)
        .addLongs("steps", new long[] {1}, new long[] {123456789012L})
        .addFloats("empty", new long[] {0, 4}, new float[0])
        .write(f);
    try (SafeTensors st = SafeTensors.open(f)) {
      assertEquals("pt", st.metadata().get("format"));
      assertArrayEquals(w, st.floats("layer.weight", 2, 3));
      assertArrayEquals(new long[] {123456789012L}, st.longs("steps"));
      assertEquals(0, st.floats("empty").length);
      assertEquals(3, st.names().size());
    }
    long headerLen = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLen % 8, "data section is 8-byte aligned");
  }

  @Test
  void convertsHalfAndBfloat16() throws IOException {
    short[] half = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x3555};
    float[] halfExpected = {1f, -2f, 65504f, 5.9604645e-8f, Float.POSITIVE_INFINITY, 0.33325195f};
    short[] bf = {0x3F80, (short) 0xC040, 0x4049};
    float[] bfExpected = {1f, -3f, 3.140625f};
    Path f = writeRaw(dir.resolve("h.safetensors"),
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[6],\"data_offsets\":[0,12]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[12,18]}}",
        shorts(half, bf));
    try (SafeTensors st = SafeTensors.open(f)) {
      assertArrayEquals(halfExpected, st.floats("h"));
      assertArrayEquals(bfExpected, st.floats("b"));
    }
  }

  @Test
  void wrongShapeNamesKeyAndBothShapes() throws IOException {
    Path f = dir.resolve("w.safetensors");
    new SafeTensorsWriter().addFloats("visual.proj", new long[] {2, 2}, new float[4]).write(f);
    try (SafeTensors st = SafeTensors.open(f)) {
      TensorFileException e = assertThrows(TensorFileException.class, () -> st.floats("visual.proj", 768, 512));
      assertTrue(e.getMessage().contains("visual.proj") && e.getMessage().contains("[2, 2]")
          && e.getMessage().contains("[768, 512]"), e.getMessage());
      assertTrue(assertThrows(TensorFileException.class, () -> st.floats("nope")).getMessage().contains("'nope'"));
    }
  }

  @Test
  void rejectsMissingTruncatedAndCorruptFiles() throws IOException {
    Path missing = dir.resolve("absent.safetensors");
    assertTrue(assertThrows(TensorFileException.class, () -> SafeTensors.open(missing)).getMessage().contains("absent.safetensors"));

    Path f = dir.resolve("w.safetensors");
    new SafeTensorsWriter().addFloats("a", new long[] {64}, new float[64]).write(f);
    byte[] full = Files.readAllBytes(f);
    for (int cut : new int[] {0, 5, 9, 40, full.length - 1}) {
      Path t = dir.resolve("cut" + cut);
      Files.write(t, Arrays.copyOf(full, cut));
      TensorFileException e = assertThrows(TensorFileException.class, () -> SafeTensors.open(t).close());
      assertTrue(e.getMessage().contains(t.toString()), e.getMessage());
    }
    byte[] hugeHeader = full.clone();
    ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE / 2);
    Path h = dir.resolve("huge");
    Files.write(h, hugeHeader);
    assertTrue(assertThrows(TensorFileException.class, () -> SafeTensors.open(h)).getMessage().contains("header length"));

    Path bad = writeRaw(dir.resolve("bad"), "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
    assertTrue(assertThrows(TensorFileException.class, () -> SafeTensors.open(bad)).getMessage().contains("needs 12"));
    Path dtype = writeRaw(dir.resolve("dt"), "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
    assertTrue(assertThrows(TensorFileException.class, () -> SafeTensors.open(dtype)).getMessage().contains("C64"));
  }

  /** Issue 14 item 7: a shape whose element count overflows names the file and the tensor, not "long overflow". */
  @Test
  void overflowingShapeNamesTheTensor() throws IOException {
    Path f = writeRaw(dir.resolve("overflow.safetensors"), "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
        + "\"data_offsets\":[0,4]}}", new byte[4]);
    TensorFileException e = assertThrows(TensorFileException.class, () -> SafeTensors.open(f));
    assertEquals(f + ": tensor 'w': shape [4294967296, 4294967296] has more elements than a file can hold (their "
        + "count overflows 64 bits)", e.getMessage());
    Path bytes = writeRaw(dir.resolve("bytes.safetensors"), "{\"w\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],"
        + "\"data_offsets\":[0,4]}}", new byte[4]);
    assertTrue(assertThrows(TensorFileException.class, () -> SafeTensors.open(bytes)).getMessage()
        .contains("tensor 'w': shape [2305843009213693952] has more elements"));
    Path big = writeRaw(dir.resolve("big.safetensors"), "{\"w\":{\"dtype\":\"F32\",\"shape\":[18446744073709551616],"
        + "\"data_offsets\":[0,4]}}", new byte[4]);
    assertTrue(assertThrows(TensorFileException.class, () -> SafeTensors.open(big)).getMessage()
        .contains("tensor 'w': shape entry 18446744073709551616 is not a 64-bit integer"));
  }

  @Test
  void readsTheTinyClipCheckpoint() {
    Path f = Fixtures.sharedData("clip/tiny-vit/tiny-clip-vit.safetensors");
    try (SafeTensors st = SafeTensors.open(f)) {
      assertArrayEquals(new long[] {49408, 32}, st.shape("token_embedding.weight"));
      float[] emb = st.floats("token_embedding.weight");
      assertEquals(49408 * 32, emb.length);
      assertTrue(st.contains("visual.conv1.weight"));
      for (float v : emb) assertTrue(Float.isFinite(v));
    }
  }

  private static byte[] shorts(short[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short[] p : parts) for (short s : p) b.putShort(s);
    return b.array();
  }

  private static Path writeRaw(Path f, String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    Files.write(f, b.array());
    return f;
  }
}
