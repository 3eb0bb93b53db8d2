package dev.clip2scene.msgs.clip2scene;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;

/**
 * clip2scene/LabelClass: one entry of a label map, the value of the semantic cloud's {@code label} field (uint16)
 * with its class name and display colour (0-255 each, the colour of the cloud's {@code rgb} field).
 */
public record LabelClass(int id, String name, int red, int green, int blue) {
  public LabelClass {
    if ((id & ~0xffff) != 0) throw new IllegalArgumentException("label id " + id + " is not a uint16");
    if (((red | green | blue) & ~0xff) != 0) {
      throw new IllegalArgumentException("colour (" + red + ", " + green + ", " + blue + ") of '" + name + "' is not RGB8");
    }
  }

  /** The colour as 0x00RRGGBB. */
  public int rgb() {
    return (red << 16) | (green << 8) | blue;
  }

  public static final CdrCodec<LabelClass> CDR = new CdrCodec<>() {
    @Override
    public LabelClass read(CdrReader in) {
      return new LabelClass(in.uint16("id"), in.string("name"), in.uint8("red"), in.uint8("green"), in.uint8("blue"));
    }

    @Override
    public void write(CdrWriter out, LabelClass v) {
      out.uint16(v.id).string(v.name).uint8(v.red).uint8(v.green).uint8(v.blue);
    }
  };
}
