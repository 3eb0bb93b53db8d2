package dev.clip2scene.msgs.cdr;

import java.nio.ByteOrder;

/** The 4-byte encapsulation header that starts every serialized ROS 2 message (XCDR1 plain CDR only). */
public final class Encapsulation {
  /** Bytes in the header; alignment is counted from the byte after it. */
  public static final int HEADER_BYTES = 4;

  private Encapsulation() {}

  /** The byte order the header announces; CDR_BE (00 00) or CDR_LE (00 01), anything else is rejected. */
  static ByteOrder byteOrder(byte[] payload, int start, int length, String messageType) {
    if (length < HEADER_BYTES) {
      throw new CdrException(messageType, "(encapsulation header)", start,
          "payload has " + length + " bytes, fewer than the 4-byte encapsulation header");
    }
    int kind = ((payload[start] & 0xff) << 8) | (payload[start + 1] & 0xff);
    switch (kind) {
      case 0x0000:
        return ByteOrder.BIG_ENDIAN;
      case 0x0001:
        return ByteOrder.LITTLE_ENDIAN;
      default:
        throw new CdrException(messageType, "(encapsulation header)", start,
            String.format("unsupported encapsulation kind 0x%04x (only plain XCDR1 CDR_BE 0x0000 / CDR_LE 0x0001)", kind));
    }
  }

  static void write(byte[] dst, ByteOrder order) {
    dst[0] = 0;
    dst[1] = (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 0);
    dst[2] = 0;
    dst[3] = 0;
  }
}
