package dev.clip2scene.msgs.cdr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Unaligned primitive access to byte arrays in either byte order. The handles are static finals so the JIT turns
 * each access into a plain (byte-swapped where needed) load or store.
 */
public final class ByteOrderAccess {
  private static final VarHandle I16_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I16_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle I32_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I32_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle I64_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I64_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle F32_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle F32_BE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle F64_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle F64_BE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

  private ByteOrderAccess() {}

  public static short getShort(byte[] b, int at, boolean little) {
    return little ? (short) I16_LE.get(b, at) : (short) I16_BE.get(b, at);
  }

  public static int getInt(byte[] b, int at, boolean little) {
    return little ? (int) I32_LE.get(b, at) : (int) I32_BE.get(b, at);
  }

  public static long getLong(byte[] b, int at, boolean little) {
    return little ? (long) I64_LE.get(b, at) : (long) I64_BE.get(b, at);
  }

  public static float getFloat(byte[] b, int at, boolean little) {
    return little ? (float) F32_LE.get(b, at) : (float) F32_BE.get(b, at);
  }

  /** Little-endian float load without a byte-order branch: the hot path of point cloud extraction. */
  public static float getFloatLe(byte[] b, int at) {
    return (float) F32_LE.get(b, at);
  }

  /** Little-endian 8-byte load without a byte-order branch (two adjacent float32 in one load). */
  public static long getLongLe(byte[] b, int at) {
    return (long) I64_LE.get(b, at);
  }

  public static double getDouble(byte[] b, int at, boolean little) {
    return little ? (double) F64_LE.get(b, at) : (double) F64_BE.get(b, at);
  }

  public static void putShort(byte[] b, int at, short v, boolean little) {
    if (little) I16_LE.set(b, at, v); else I16_BE.set(b, at, v);
  }

  public static void putInt(byte[] b, int at, int v, boolean little) {
    if (little) I32_LE.set(b, at, v); else I32_BE.set(b, at, v);
  }

  public static void putLong(byte[] b, int at, long v, boolean little) {
    if (little) I64_LE.set(b, at, v); else I64_BE.set(b, at, v);
  }

  public static void putFloat(byte[] b, int at, float v, boolean little) {
    if (little) F32_LE.set(b, at, v); else F32_BE.set(b, at, v);
  }

  public static void putDouble(byte[] b, int at, double v, boolean little) {
    if (little) F64_LE.set(b, at, v); else F64_BE.set(b, at, v);
  }
}
