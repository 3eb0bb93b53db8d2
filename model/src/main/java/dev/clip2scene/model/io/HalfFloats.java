package dev.clip2scene.model.io;

/** IEEE half precision and bfloat16 to and from float32 (Java 17 has no Float.float16ToFloat). */
public final class HalfFloats {
  private HalfFloats() {}

  public static float fromHalf(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    if (exp != 0) return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    if (mant == 0) return Float.intBitsToFloat(sign);
    // subnormal half: value = mant * 2^-24
    float v = mant * 0x1p-24f;
    return sign != 0 ? -v : v;
  }

  /** The nearest half (ties to even, as the GPU's cvt.rn.f16.f32); beyond the largest half, infinity; NaN stays NaN. */
  public static short toHalf(float f) {
    int x = Float.floatToRawIntBits(f);
    int sign = (x >>> 16) & 0x8000;
    int abs = x & 0x7fffffff;
    if (abs >= 0x7f800000) return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0)); // infinity, NaN
    if (abs >= 0x477ff000) return (short) (sign | 0x7c00); // rounds to a value above 65504
    int exp = abs >>> 23;
    if (exp < 113) { // a subnormal half (or zero): the value in units of 2^-24, rounded to even
      if (exp < 102) return (short) sign; // below half of the smallest subnormal
      int mant = (abs & 0x7fffff) | 0x800000;
      int shift = 126 - exp; // value = mant * 2^(exp - 150) = (mant >> (126 - exp)) * 2^-24
      int q = mant >>> shift;
      int rest = mant & ((1 << shift) - 1);
      int half = 1 << (shift - 1);
      if (rest > half || (rest == half && (q & 1) == 1)) q++;
      return (short) (sign | q);
    }
    int h = ((exp - 112) << 10) | ((abs >>> 13) & 0x3ff);
    int rest = abs & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (h & 1) == 1)) h++; // a carry into the exponent is still right
    return (short) (sign | h);
  }

  static float fromBfloat16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
