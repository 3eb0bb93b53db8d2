package dev.clip2scene.nodes.bag.mcap;

/** Little-endian loads and stores on byte arrays. */
final class Bytes {
  private Bytes() {}

  private static final java.lang.invoke.VarHandle U16 =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final java.lang.invoke.VarHandle U32 =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final java.lang.invoke.VarHandle U64 =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  static int u16(byte[] b, int at) {
    return ((short) U16.get(b, at)) & 0xFFFF;
  }

  static long u32(byte[] b, int at) {
    return ((int) U32.get(b, at)) & 0xFFFFFFFFL;
  }

  static long u64(byte[] b, int at) {
    return (long) U64.get(b, at);
  }

  static void putU16(byte[] b, int at, int v) {
    U16.set(b, at, (short) v);
  }

  static void putU32(byte[] b, int at, long v) {
    U32.set(b, at, (int) v);
  }

  static void putU64(byte[] b, int at, long v) {
    U64.set(b, at, v);
  }
}
