package dev.clip2scene.msgs.sensor;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.std.Header;
import java.util.Arrays;
import java.util.Objects;

/** sensor_msgs/CompressedImage: FORMAT names the codec ("jpeg", "png", or image_transport's "bgr8; jpeg ..."). */
public record CompressedImage(Header header, String format, byte[] data) {
  public CompressedImage {
    Objects.requireNonNull(data, "data");
  }

  public static final CdrCodec<CompressedImage> CDR = new CdrCodec<>() {
    @Override
    public CompressedImage read(CdrReader in) {
      return new CompressedImage(in.nested("header", Header.CDR), in.string("format"), in.uint8Sequence("data"));
    }

    @Override
    public void write(CdrWriter out, CompressedImage v) {
      out.nested(Header.CDR, v.header).string(v.format).uint8Sequence(v.data);
    }
  };

  @Override
  public boolean equals(Object o) {
    return o instanceof CompressedImage c && header.equals(c.header) && format.equals(c.format)
        && Arrays.equals(data, c.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(header, format, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "CompressedImage[header=" + header + ", format=" + format + ", data=" + data.length + " bytes]";
  }
}
