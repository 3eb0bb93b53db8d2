package dev.clip2scene.nodes.sim;

/** Display colours of the simulated classes by label id, distinct for neighbouring classes. */
public final class ClassColours {
  private static final int[] RGB = {0xFF7F50, 0xDC143C, 0xFF4500, 0x0000E6, 0xE9967A, 0xFF3D63, 0x00FF00, 0xFFFF00,
      0xFF8C00, 0xFF6347, 0x00CFBF, 0xAF004B, 0x4B004B, 0x70B43C, 0xDEB887, 0x00AF00};

  private ClassColours() {}

  /** 0xRRGGBB of class ID; black for ids without a class. */
  public static int rgb(int id) {
    return id >= 0 && id < RGB.length ? RGB[id] : 0;
  }
}
