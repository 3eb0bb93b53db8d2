package dev.clip2scene.model.io;

/** IEEE half precision and bfloat16 to float32 (Java 17 has no Float.float16ToFloat). */
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
}
