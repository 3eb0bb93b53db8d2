package dev.clip2scene.model.sim;

import java.util.SplittableRandom;

/**
 * Base colours per kind of object. Lists overlap across classes on purpose (green cars, grey walls and grey
 * asphalt, orange cones and orange cars, ...) so that no class can be told by its colour alone.
 */
final class Palette {
  static final int[] VEHICLE = {0xC8C8C8, 0x1E1E1E, 0xF0F0F0, 0x8A1C1C, 0x1F3A8A, 0x2E6B3A, 0x6E6E6E, 0xC07020,
      0x3B5C6E, 0x9A9A88, 0x5A2E6E, 0xB8A060};
  static final int[] HEAVY = {0xE0B020, 0xF0F0F0, 0x8A1C1C, 0x2E6B3A, 0x6E6E6E, 0x1F3A8A, 0xC07020, 0xA0A0A0};
  static final int[] BUILDING = {0xC8B496, 0x9A9A9A, 0x8E4A3A, 0xE8E0D0, 0x6A7A8A, 0xB0A080, 0x5E6A58, 0xD0C8B8};
  static final int[] ASPHALT = {0x5A5A5E, 0x4A4A4C, 0x66625E};
  static final int[] PAVEMENT = {0x9E9A94, 0xA86E5A, 0xB8B0A0, 0x7E7E80, 0x8A9A7A};
  static final int[] GRASS = {0x5A8A3A, 0x7A9A4A, 0x6A7A3A, 0x8A8A50};
  static final int[] FOLIAGE = {0x3A6A2A, 0x4A7A32, 0x2E5224, 0x6A8A3A, 0x8A7A2A, 0x5A6A6A};
  static final int[] BARK = {0x5A4632, 0x6A5A48, 0x4A3A2E};
  static final int[] CLOTH = {0xB03030, 0x3050A0, 0x2E2E2E, 0xE0E0E0, 0x3A7A3A, 0xD0A030, 0x7A4A8A, 0x8A8A8A};
  static final int[] SKIN = {0xE0B090, 0xB07850, 0x7A5030, 0xF0C8A8};
  static final int[] CONE = {0xF06A10, 0xE05A20, 0xF0A020};
  static final int[] BARRIER = {0xD02020, 0xE8E8E8, 0xC07020, 0x9A9A9A, 0xE0C020};
  static final int[] METAL = {0x7A7A7A, 0x4E5A4E, 0x9A9A9A, 0x3A3A44};

  private Palette() {}

  static int pick(int[] colours, SplittableRandom r) {
    return jitter(colours[r.nextInt(colours.length)], r, 14);
  }

  static int jitter(int rgb, SplittableRandom r, int amount) {
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int c = (rgb >> shift & 0xff) + r.nextInt(2 * amount + 1) - amount;
      out |= Math.max(0, Math.min(255, c)) << shift;
    }
    return out;
  }
}
