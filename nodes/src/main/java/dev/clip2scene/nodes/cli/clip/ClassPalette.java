package dev.clip2scene.nodes.cli.clip;

import java.awt.Color;

/** Distinct colours for class ids: a fixed list for the first 20, then hues spaced by the golden angle. */
public final class ClassPalette {
  private static final int[] FIXED = {
      0xE6194B, 0x3CB44B, 0xFFE119, 0x4363D8, 0xF58231, 0x911EB4, 0x46F0F0, 0xF032E6, 0xBCF60C, 0xFABEBE,
      0x008080, 0xE6BEFF, 0x9A6324, 0xFFFAC8, 0x800000, 0xAAFFC3, 0x808000, 0xFFD8B1, 0x000075, 0x808080};

  private ClassPalette() {}

  /** 0xRRGGBB of class ID. */
  public static int rgb(int id) {
    if (id < FIXED.length) return FIXED[id];
    float hue = (float) ((id * 0.6180339887498949) % 1.0);
    return Color.HSBtoRGB(hue, 0.75f, 0.9f) & 0xFFFFFF;
  }

  static String hex(int id) {
    return String.format("#%06X", rgb(id));
  }
}
