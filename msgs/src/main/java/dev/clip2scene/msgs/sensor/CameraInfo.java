package dev.clip2scene.msgs.sensor;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.std.Header;
import java.util.Arrays;
import java.util.Objects;

/**
 * sensor_msgs/CameraInfo: intrinsics K (3x3), rectification R (3x3) and projection P (3x4), row-major, distortion
 * coefficients D of DISTORTIONMODEL. uint32 values are held in ints.
 */
public record CameraInfo(Header header, int height, int width, String distortionModel, double[] d, double[] k,
    double[] r, double[] p, int binningX, int binningY, RegionOfInterest roi) {

  public CameraInfo {
    requireLength("k", k, 9);
    requireLength("r", r, 9);
    requireLength("p", p, 12);
    Objects.requireNonNull(d, "d");
  }

  private static void requireLength(String name, double[] a, int n) {
    if (a.length != n) throw new IllegalArgumentException("CameraInfo." + name + " has " + a.length + " values, not " + n);
  }

  public static final CdrCodec<CameraInfo> CDR = new CdrCodec<>() {
    @Override
    public CameraInfo read(CdrReader in) {
      return new CameraInfo(in.nested("header", Header.CDR), in.uint32("height"), in.uint32("width"),
          in.string("distortion_model"), in.float64Sequence("d"), in.float64Array("k", 9), in.float64Array("r", 9),
          in.float64Array("p", 12), in.uint32("binning_x"), in.uint32("binning_y"),
          in.nested("roi", RegionOfInterest.CDR));
    }

    @Override
    public void write(CdrWriter out, CameraInfo v) {
      out.nested(Header.CDR, v.header).uint32(v.height).uint32(v.width).string(v.distortionModel)
          .float64Sequence(v.d).float64Array(v.k).float64Array(v.r).float64Array(v.p)
          .uint32(v.binningX).uint32(v.binningY).nested(RegionOfInterest.CDR, v.roi);
    }
  };

  @Override
  public boolean equals(Object o) {
    return o instanceof CameraInfo c && header.equals(c.header) && height == c.height && width == c.width
        && distortionModel.equals(c.distortionModel) && Arrays.equals(d, c.d) && Arrays.equals(k, c.k)
        && Arrays.equals(r, c.r) && Arrays.equals(p, c.p) && binningX == c.binningX && binningY == c.binningY
        && roi.equals(c.roi);
  }

  @Override
  public int hashCode() {
    return Objects.hash(header, height, width, distortionModel, Arrays.hashCode(d), Arrays.hashCode(k),
        Arrays.hashCode(r), Arrays.hashCode(p), binningX, binningY, roi);
  }

  @Override
  public String toString() {
    return "CameraInfo[header=" + header + ", height=" + Integer.toUnsignedString(height) + ", width="
        + Integer.toUnsignedString(width) + ", distortionModel=" + distortionModel + ", d=" + Arrays.toString(d)
        + ", k=" + Arrays.toString(k) + ", r=" + Arrays.toString(r) + ", p=" + Arrays.toString(p) + ", binningX="
        + binningX + ", binningY=" + binningY + ", roi=" + roi + "]";
  }
}
