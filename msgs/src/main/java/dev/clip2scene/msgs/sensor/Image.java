package dev.clip2scene.msgs.sensor;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.std.Header;
import java.util.Arrays;
import java.util.Objects;

/**
 * sensor_msgs/Image: raw pixels, STEP bytes per row. IS_BIGENDIAN is the uint8 as sent (non-zero = big endian);
 * uint32 values are held in ints.
 */
public record Image(Header header, int height, int width, String encoding, int isBigendian, int step, byte[] data) {
  public Image {
    Objects.requireNonNull(data, "data");
  }

  public static final CdrCodec<Image> CDR = new CdrCodec<>() {
    @Override
    public Image read(CdrReader in) {
      return new Image(in.nested("header", Header.CDR), in.uint32("height"), in.uint32("width"),
          in.string("encoding"), in.uint8("is_bigendian"), in.uint32("step"), in.uint8Sequence("data"));
    }

    @Override
    public void write(CdrWriter out, Image v) {
      out.nested(Header.CDR, v.header).uint32(v.height).uint32(v.width).string(v.encoding).uint8(v.isBigendian)
          .uint32(v.step).uint8Sequence(v.data);
    }
  };

  @Override
  public boolean equals(Object o) {
    return o instanceof Image i && header.equals(i.header) && height == i.height && width == i.width
        && encoding.equals(i.encoding) && isBigendian == i.isBigendian && step == i.step && Arrays.equals(data, i.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(header, height, width, encoding, isBigendian, step, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Image[header=" + header + ", height=" + Integer.toUnsignedString(height) + ", width="
        + Integer.toUnsignedString(width) + ", encoding=" + encoding + ", isBigendian=" + isBigendian + ", step="
        + Integer.toUnsignedString(step) + ", data=" + data.length + " bytes]";
  }
}
