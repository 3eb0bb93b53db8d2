package dev.clip2scene.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * float32 -> float16 rounding (the teacher cache's format) against an independent implementation, PyTorch's
 * conversion through DJL: every half value and the midpoints between neighbours (ties go to even), values that
 * overflow, underflow into subnormals or to zero, infinities and NaN, and a million random floats.
 */
class HalfFloatsTest {
  @Test
  void roundsAsPyTorchDoes() {
    float[] values = new float[65536 * 2 + 1_000_000 + 8];
    int n = 0;
    for (int h = 0; h < 65536; h++) {
      float v = HalfFloats.fromHalf((short) h);
      values[n++] = v;
      float next = HalfFloats.fromHalf((short) (h + 1));
      values[n++] = Float.isFinite(v) && Float.isFinite(next) ? (float) (((double) v + next) / 2) : 0f;
    }
    Random r = new Random(7);
    for (int i = 0; i < 1_000_000; i++) values[n++] = Float.intBitsToFloat(r.nextInt());
    for (float v : new float[] {65504f, 65520f, 65519.99f, 1e-8f, 5.96e-8f, 2.98e-8f, Float.MIN_VALUE, Float.NaN}) values[n++] = v;
    short[] expected = torchHalves(values);
    for (int i = 0; i < values.length; i++) {
      short mine = HalfFloats.toHalf(values[i]);
      if (Float.isNaN(values[i])) {
        assertEquals(0x7c00, mine & 0x7c00, "NaN stays NaN");
        assertEquals(true, (mine & 0x3ff) != 0);
        continue;
      }
      assertEquals(expected[i], mine, "half of " + values[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(values[i])) + ")");
    }
  }

  private static short[] torchHalves(float[] values) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(values).toType(DataType.FLOAT16, false);
      ByteBuffer b = a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      short[] out = new short[values.length];
      b.asShortBuffer().get(out);
      return out;
    }
  }
}
