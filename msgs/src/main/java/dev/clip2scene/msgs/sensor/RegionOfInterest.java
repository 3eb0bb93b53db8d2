package dev.clip2scene.msgs.sensor;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/** sensor_msgs/RegionOfInterest (uint32 values held in ints). All zero means the full image. */
public record RegionOfInterest(int xOffset, int yOffset, int height, int width, boolean doRectify) {
  public static final RegionOfInterest FULL = new RegionOfInterest(0, 0, 0, 0, false);

  public static final CdrCodec<RegionOfInterest> CDR = new CdrCodec<>() {
    @Override
    public RegionOfInterest read(CdrReader in) {
      return new RegionOfInterest(in.uint32("x_offset"), in.uint32("y_offset"), in.uint32("height"),
          in.uint32("width"), in.bool("do_rectify"));
    }

    @Override
    public void write(CdrWriter out, RegionOfInterest v) {
      out.uint32(v.xOffset).uint32(v.yOffset).uint32(v.height).uint32(v.width).bool(v.doRectify);
    }
  };
}
