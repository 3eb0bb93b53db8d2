package dev.clip2scene.msgs.rmw;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * rmw_dds_common/Gid: 24 bytes naming a DDS entity across the graph. DDS-based rmw implementations put the entity's
 * 16-byte RTPS GUID (12-byte prefix, 4-byte entity id, wire order) first and zeros after it.
 */
public record Gid(byte[] data) {
  public static final int SIZE = 24;

  public Gid {
    if (data.length != SIZE) throw new IllegalArgumentException("a gid has " + SIZE + " bytes, got " + data.length);
    data = data.clone();
  }

  /** The gid of an entity with the 16-byte RTPS GUID. */
  public static Gid ofGuid(byte[] guid) {
    if (guid.length != 16) throw new IllegalArgumentException("an RTPS GUID has 16 bytes, got " + guid.length);
    return new Gid(Arrays.copyOf(guid, SIZE));
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gid g && Arrays.equals(data, g.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(data, 0, 16);
  }

  public static final CdrCodec<Gid> CDR = new CdrCodec<>() {
    @Override
    public Gid read(CdrReader in) {
      byte[] b = new byte[SIZE];
      for (int i = 0; i < SIZE; i++) b[i] = (byte) in.uint8("data");
      return new Gid(b);
    }

    @Override
    public void write(CdrWriter out, Gid v) {
      for (byte b : v.data) out.uint8(b & 0xff);
    }
  };
}
