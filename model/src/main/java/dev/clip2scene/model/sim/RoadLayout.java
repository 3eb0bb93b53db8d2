package dev.clip2scene.model.sim;

import java.util.Arrays;

/**
 * The ground plane z = 0: a straight road along x of half width ROAD_HALF_WIDTH, crossed by side streets of half
 * width CROSS_HALF_WIDTH centred at CROSSINGS (sorted x); everything else is terrain.
 */
public record RoadLayout(double roadHalfWidth, double crossHalfWidth, double[] crossings) {
  public RoadLayout {
    crossings = crossings.clone();
    Arrays.sort(crossings);
  }

  public boolean isRoad(double x, double y) {
    return Math.abs(y) <= roadHalfWidth || nearCrossing(x) >= 0;
  }

  /** The index of the crossing whose street covers X, or -1. */
  public int nearCrossing(double x) {
    int i = Arrays.binarySearch(crossings, x);
    if (i >= 0) return i;
    int above = -i - 1;
    if (above < crossings.length && crossings[above] - x <= crossHalfWidth) return above;
    if (above > 0 && x - crossings[above - 1] <= crossHalfWidth) return above - 1;
    return -1;
  }

  /** Whether ground point (X, Y) is painted: lane lines, edge lines and zebra crossings. */
  public boolean marking(double x, double y) {
    double ay = Math.abs(y);
    if (nearCrossing(x) >= 0) return ay > roadHalfWidth + 1 && ay < roadHalfWidth + 4 && frac(x / 1.1) < 0.5;
    if (ay > roadHalfWidth - 0.35 && ay < roadHalfWidth - 0.2) return true; // solid edge line
    if (Math.abs(ay - roadHalfWidth / 2) < 0.08 && frac(x / 9) < 0.35) return true; // lane divider, dashed
    if (ay < 0.08 && frac(x / 9) < 0.5) return true; // centre line, dashed
    double zebra = crossingDistance(x);
    return ay < roadHalfWidth && zebra > crossHalfWidth + 1 && zebra < crossHalfWidth + 4 && frac(y / 1.1) < 0.5;
  }

  private static double frac(double a) {
    return a - Math.floor(a);
  }

  /** Distance along x from X to the nearest crossing's centre line (infinite without crossings). */
  public double crossingDistance(double x) {
    int i = Arrays.binarySearch(crossings, x);
    if (i >= 0) return 0;
    int above = -i - 1;
    double d = Double.POSITIVE_INFINITY;
    if (above < crossings.length) d = crossings[above] - x;
    if (above > 0) d = Math.min(d, x - crossings[above - 1]);
    return d;
  }

  @Override
  public double[] crossings() {
    return crossings.clone();
  }
}
