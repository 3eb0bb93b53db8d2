package dev.clip2scene.model.sim;

/**
 * Colours a camera ray's hit: the material's base colour, its procedural texture (lane markings, pavers, windows,
 * foliage, clothing, ...), Lambertian light from a fixed sun plus ambient light, and haze with distance. Rays that
 * miss see a sky gradient with clouds. Pure functions of their arguments (thread-safe, deterministic).
 */
public final class Shader {
  private static final double SUN_X = 0.45, SUN_Y = 0.35, SUN_Z = 0.82;
  private final RoadLayout road;
  private final long seed;

  public Shader(RoadLayout road, long seed) {
    this.road = road;
    this.seed = seed;
  }

  /** 0xRRGGBB of the surface hit at world point (X, Y, Z), T metres from the camera. */
  public int shade(Material m, Hit h, double x, double y, double z, double t) {
    int base = m.rgb();
    double r = (base >> 16 & 0xff) / 255.0, g = (base >> 8 & 0xff) / 255.0, b = (base & 0xff) / 255.0;
    long s = seed + 31L * m.instance();
    double k; // brightness factor of the texture
    switch (m.texture()) {
      case ASPHALT -> {
        k = 0.8 + 0.35 * Noise.fractal(x * 3, y * 3, s) + 0.15 * Noise.value(x * 0.1, y * 0.1, s + 7);
        if (h.primitive == World.GROUND && road.marking(x, y)) {
          r = g = b = 0.85;
          k = 0.95 + 0.1 * Noise.value(x * 5, y * 5, s);
        }
      }
      case PAVERS -> {
        double fu = frac(h.u / 0.45), fv = frac(h.v / 0.3);
        boolean grout = h.face == 2 && (fu < 0.06 || fv < 0.08);
        k = (grout ? 0.6 : 0.85) + 0.3 * Noise.value(Math.floor(h.u / 0.45) * 3.1, Math.floor(h.v / 0.3) * 1.7, s);
      }
      case GRASS -> {
        double dirt = Noise.fractal(x * 0.25, y * 0.25, s + 3);
        if (dirt > 0.55) {
          double w = Math.min(1, (dirt - 0.55) * 6);
          r = r + (0.45 - r) * w;
          g = g + (0.36 - g) * w;
          b = b + (0.24 - b) * w;
        }
        k = 0.7 + 0.5 * Noise.fractal(x * 6, y * 6, s + 5);
      }
      case FOLIAGE -> {
        double n = Noise.fractal(h.u * 3, h.v * 3, s);
        k = 0.45 + 0.8 * n;
        double hue = Noise.value(h.u * 0.5, h.v * 0.5, s + 9);
        r *= 0.8 + 0.5 * hue;
      }
      case BARK -> k = 0.6 + 0.5 * Noise.value(h.u * 12, h.v * 1.5, s);
      case FACADE -> k = facade(h, s);
      case VEHICLE_BODY -> {
        if (h.face != 2 && h.v < 0.3) {
          r = g = b = 0.12;
          k = 1;
        } else {
          k = 0.9 + 0.15 * Noise.value(h.u * 2, h.v * 2, s) + (h.face == 2 ? 0.1 : 0);
        }
      }
      case VEHICLE_CABIN -> {
        boolean pillar = frac(h.u / 1.3) < 0.14 || h.face == 2;
        if (!pillar) {
          r = 0.13 + 0.1 * r;
          g = 0.16 + 0.1 * g;
          b = 0.2 + 0.1 * b;
        }
        k = 0.9 + 0.2 * Noise.value(h.u * 3, h.v * 3, s);
      }
      case CLOTH -> {
        if (h.v < 0.75) { // trousers: a colour of their own per instance
          long c = Noise.hash(s, 77);
          double d = 0.1 + 0.35 * Noise.unit(c);
          r = d;
          g = d * (0.8 + 0.4 * Noise.unit(c >>> 7));
          b = d * (0.9 + 0.6 * Noise.unit(c >>> 13));
        }
        k = 0.85 + 0.3 * Noise.value(h.u * 8, h.v * 8, s);
      }
      case SKIN -> k = 0.95 + 0.1 * Noise.value(h.u * 10, h.v * 10, s);
      case STRIPES -> {
        boolean white = frac((h.v + (h.face == 2 ? 0 : 0.35 * h.u)) / 0.3) < 0.4;
        if (white) r = g = b = 0.92;
        k = 0.9 + 0.15 * Noise.value(h.u * 6, h.v * 6, s);
      }
      default -> k = 0.85 + 0.3 * Noise.value(h.u * 2, h.v * 2, s);
    }
    double sun = Math.max(0, h.nx * SUN_X + h.ny * SUN_Y + h.nz * SUN_Z);
    double light = k * (0.42 + 0.7 * sun);
    double haze = 1 - Math.exp(-t / 350);
    return rgb(mix(r * light, 0.78, haze), mix(g * light, 0.82, haze), mix(b * light, 0.88, haze));
  }

  /** The sky in world direction (DX, DY, DZ). */
  public int sky(double dx, double dy, double dz) {
    double e = Math.max(0, dz);
    double cloud = 0;
    if (dz > 0.02) {
      double n = Noise.fractal(dx / dz * 1.5, dy / dz * 1.5, seed + 101);
      cloud = Math.max(0, (n - 0.55) * 2.5);
    }
    double r = mix(0.72, 0.35, Math.min(1, e * 2.5)), g = mix(0.8, 0.55, Math.min(1, e * 2.5)), b = 0.9;
    return rgb(mix(r, 0.93, cloud), mix(g, 0.93, cloud), mix(b, 0.95, cloud));
  }

  private static double facade(Hit h, long s) {
    if (h.face == 2) return 0.75 + 0.3 * Noise.fractal(h.u, h.v, s);
    double floor = 3.2, bay = 2.6 + Noise.unit(Noise.hash(s, 5)) * 1.6;
    double fu = frac(h.u / bay), fv = frac(h.v / floor);
    boolean window = h.v > 1 && fu > 0.25 && fu < 0.75 && fv > 0.3 && fv < 0.8;
    if (window) return 0.3 + 0.35 * Noise.unit(Noise.hash(s, (long) Math.floor(h.u / bay), (long) Math.floor(h.v / floor)));
    return 0.85 + 0.2 * Noise.value(h.u * 1.5, h.v * 1.5, s);
  }

  private static double frac(double a) {
    return a - Math.floor(a);
  }

  private static double mix(double a, double b, double w) {
    return a + (b - a) * w;
  }

  private static int rgb(double r, double g, double b) {
    return channel(r) << 16 | channel(g) << 8 | channel(b);
  }

  private static int channel(double v) {
    return (int) Math.max(0, Math.min(255, v * 255 + 0.5));
  }
}
