package dev.clip2scene.model.io;

import java.util.Locale;

/** Element types of safetensors and .npy files, with their size in bytes and their names in each format. */
public enum DType {
  F64(8, "<f8"),
  F32(4, "<f4"),
  F16(2, "<f2"),
  BF16(2, null),
  I64(8, "<i8"),
  I32(4, "<i4"),
  I16(2, "<i2"),
  I8(1, "|i1"),
  U8(1, "|u1"),
  BOOL(1, "|b1");

  private final int size;
  private final String numpyDescr;

  DType(int size, String numpyDescr) {
    this.size = size;
    this.numpyDescr = numpyDescr;
  }

  public int size() {
    return size;
  }

  public boolean isFloating() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /** The little-endian numpy descr ("<f4"), or null where numpy has none (bfloat16). */
  public String numpyDescr() {
    return numpyDescr;
  }

  /** Parses a safetensors dtype name ("F32", "BF16", ...). */
  public static DType ofSafetensors(String name, String where) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TensorFileException(where + ": unsupported dtype '" + name + "'");
    }
  }

  /** Parses a numpy descr; big-endian and other kinds are refused with WHERE in the message. */
  public static DType ofNumpy(String descr, String where) {
    String d = descr.replace('=', '<');
    for (DType t : values()) {
      if (d.equals(t.numpyDescr) || (t.size == 1 && t.numpyDescr != null && d.substring(1).equals(t.numpyDescr.substring(1)))) {
        return t;
      }
    }
    throw new TensorFileException(where + ": unsupported numpy dtype '" + descr + "' (little-endian f2/f4/f8/i1/i2/i4/i8/u1/b1 only)");
  }
}
