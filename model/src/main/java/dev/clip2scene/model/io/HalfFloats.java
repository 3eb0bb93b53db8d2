package dev.clip2scene.model.io;

/** IEEE half precision and bfloat16 to float32 and back (Java 17 has no Float.float16ToFloat). */
final class HalfFloats {
  private HalfFloats() {}

  static float fromHalf(short bits) {
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

  static float fromBfloat16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** The nearest half (ties to even), as IEEE 754 rounds: overflow to infinity, NaN stays NaN. */
  static short toHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    int e = exp - 112; // the half's biased exponent
    if (e >= 0x1f) return (short) (sign | 0x7c00);
    if (e > 0) {
      int h = (e << 10) | (mant >>> 13);
      int rest = mant & 0x1fff;
      if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) h++; // a carry into the exponent is still right
      return (short) (sign | h);
    }
    // a half subnormal: m x 2^-24 with m = round(f x 2^24)
    int shift = 126 - exp;
    if (shift > 24) return (short) sign;
    int full = mant | 0x800000;
    int m = full >>> shift;
    int rest = full & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    if (rest > half || (rest == half && (m & 1) != 0)) m++;
    return (short) (sign | m);
  }
}
