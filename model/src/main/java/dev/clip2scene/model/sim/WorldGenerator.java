package dev.clip2scene.model.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a procedural street from a seed: a four-lane road along x with side streets, raised sidewalks, terrain,
 * buildings, trees and hedges, street lights and signs, parked and stopped vehicles of every vehicle class,
 * pedestrians, bicycles, motorcycles, construction sites with cones and barriers, and traffic islands. The ego's
 * lane (y in [{@link #EGO_CLEAR_MIN}, {@link #EGO_CLEAR_MAX}]) is kept free along the whole road.
 */
public final class WorldGenerator {
  public static final double ROAD_HALF = 7.0;
  public static final double CROSS_HALF = 6.0;
  public static final double SIDEWALK_OUTER = 10.0;
  public static final double CURB = 0.15;
  public static final double EGO_CLEAR_MIN = -3.2;
  public static final double EGO_CLEAR_MAX = -0.3;

  private final Props props;
  private final SplittableRandom random;

  private WorldGenerator(long seed) {
    random = new SplittableRandom(seed);
    props = new Props(random);
  }

  /** A world whose road runs at least from X_FROM to X_TO. */
  public static World generate(long seed, double xFrom, double xTo) {
    return new WorldGenerator(seed).build(xFrom, xTo);
  }

  private World build(double xFrom, double xTo) {
    List<Double> crossingList = new ArrayList<>();
    for (double x = xFrom + 40 + random.nextDouble(60); x < xTo - 20; x += 90 + random.nextDouble(80)) crossingList.add(x);
    double[] crossings = crossingList.stream().mapToDouble(Double::doubleValue).toArray();
    RoadLayout road = new RoadLayout(ROAD_HALF, CROSS_HALF, crossings);
    double[] edges = new double[crossings.length + 2];
    edges[0] = xFrom - CROSS_HALF;
    for (int i = 0; i < crossings.length; i++) edges[i + 1] = crossings[i];
    edges[edges.length - 1] = xTo + CROSS_HALF;
    for (int i = 0; i + 1 < edges.length; i++) {
      double a = edges[i] + CROSS_HALF, b = edges[i + 1] - CROSS_HALF;
      for (int side = -1; side <= 1; side += 2) block(a, b, side);
      roadway(a, b);
    }
    for (double c : crossings) crossStreet(c);
    Material asphalt = props.material(SceneClass.DRIVEABLE_SURFACE, Palette.pick(Palette.ASPHALT, random), Texture.ASPHALT, 0.25);
    Material grass = props.material(SceneClass.TERRAIN, Palette.pick(Palette.GRASS, random), Texture.GRASS, 0.45);
    return new World(props.primitives(), road, asphalt, grass, 4.0);
  }

  /** One side of a block between two crossings: sidewalk, street furniture, people, front yards, buildings. */
  private void block(double a, double b, int side) {
    if (b - a < 4) return;
    double mid = (a + b) / 2, half = (b - a) / 2;
    Material walk = props.material(SceneClass.SIDEWALK, Palette.pick(Palette.PAVEMENT, random), Texture.PAVERS, 0.35);
    props.add(new Box(mid, side * (ROAD_HALF + SIDEWALK_OUTER) / 2, 0, half, (SIDEWALK_OUTER - ROAD_HALF) / 2, 0, CURB, walk));
    for (double x = a + props.range(2, 15); x < b - 1; x += props.range(22, 34)) props.streetLight(x, side);
    for (double x = a + props.range(3, 10); x < b - 2; x += props.range(9, 20)) if (props.chance(0.6)) props.tree(x, side * props.range(8.8, 9.4), CURB);
    for (double x = a + props.range(0, 8); x < b; x += props.range(4, 22)) {
      int group = props.chance(0.3) ? 2 + random.nextInt(3) : 1;
      for (int k = 0; k < group; k++) props.pedestrian(x + props.range(-1, 1), side * props.range(7.5, 9.8), CURB);
    }
    for (double x = a + props.range(5, 30); x < b - 2; x += props.range(20, 60)) {
      if (props.chance(0.5)) props.bicycle(x, side * props.range(9.3, 9.7), CURB, props.range(-0.3, 0.3) + Math.PI / 2);
      else if (props.chance(0.6)) props.motorcycle(x, side * 6.6, 0, props.range(-0.2, 0.2));
    }
    for (double x = a + props.range(10, 40); x < b - 2; x += props.range(40, 70)) props.sign(x, side * 7.35);
    if (props.chance(0.35)) {
      double x = a + props.range(0, Math.max(1, b - a - 20));
      int n = 3 + random.nextInt(6);
      for (int k = 0; k < n && x + 2.1 * k < b; k++) props.barrier(x + 2.1 * k + 1, side * 7.25, CURB, 0);
    }
    yards(a, b, side);
  }

  /** Between sidewalk and buildings: terrain with hedges, fences, bushes, plazas, then the buildings. */
  private void yards(double a, double b, int side) {
    double x = a + props.range(0, 4);
    while (x < b - 3) {
      double width = Math.min(b - x, props.range(8, 30));
      double cx = x + width / 2;
      if (props.chance(0.75)) {
        double front = props.range(12.5, 22), depth = props.range(10, 25), height = props.range(4, 28);
        Material wall = props.material(SceneClass.MANMADE, Palette.pick(Palette.BUILDING, random), Texture.FACADE, 0.5);
        props.add(new Box(cx, side * (front + depth / 2), 0, width / 2, depth / 2, 0, height, wall));
        if (props.chance(0.3)) { // a plaza or driveway in front
          Material flat = props.material(SceneClass.OTHER_FLAT, Palette.pick(Palette.PAVEMENT, random), Texture.PAVERS, 0.3);
          props.add(new Box(cx, side * (SIDEWALK_OUTER + front) / 2, 0, width / 2 * 0.8, (front - SIDEWALK_OUTER) / 2, 0, 0.05, flat));
        } else if (props.chance(0.5)) {
          Material hedge = props.material(SceneClass.VEGETATION, Palette.pick(Palette.FOLIAGE, random), Texture.FOLIAGE, 0.55);
          props.add(new Box(cx, side * props.range(10.8, 11.6), 0, width / 2 * 0.9, props.range(0.3, 0.6), 0, props.range(0.7, 1.6), hedge));
        } else if (props.chance(0.6)) {
          Material fence = props.material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
          props.add(new Box(cx, side * props.range(10.6, 11.2), 0, width / 2 * 0.95, 0.05, 0, props.range(1, 2), fence));
        }
      } else { // a park
        int trees = 1 + random.nextInt(4);
        for (int k = 0; k < trees; k++) props.tree(x + props.range(0, width), side * props.range(12, 24), 0);
        int bushes = random.nextInt(4);
        for (int k = 0; k < bushes; k++) {
          Material bush = props.material(SceneClass.VEGETATION, Palette.pick(Palette.FOLIAGE, random), Texture.FOLIAGE, 0.5);
          double r = props.range(0.6, 1.5);
          props.add(new Ellipsoid(x + props.range(0, width), side * props.range(11, 20), r * 0.6, r, r * props.range(0.8, 1.3), r * 0.8, bush));
        }
        if (props.chance(0.4)) {
          Material bin = props.material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
          props.add(new Box(x + props.range(0, width), side * props.range(10.5, 11.5), random.nextDouble(), 0.3, 0.3, 0, 1.0, bin));
        }
      }
      x += width + props.range(1, 10);
    }
  }

  /** The main road between two crossings: parked and stopped vehicles, a construction site, traffic islands. */
  private void roadway(double a, double b) {
    double siteFrom = Double.NaN, siteTo = Double.NaN;
    if (b - a > 40 && props.chance(0.45)) {
      siteFrom = a + props.range(5, b - a - 35);
      siteTo = siteFrom + props.range(20, 30);
      constructionSite(siteFrom, siteTo);
    }
    for (int side = -1; side <= 1; side += 2) {
      double x = a + props.range(1, 10);
      while (x < b - 5) {
        double len = parked(x, side * 5.25, side, siteFrom, siteTo, b);
        x += len + props.range(1, props.chance(0.2) ? 40 : 12);
      }
    }
    for (double x = a + props.range(10, 60); x < b - 8; x += props.range(30, 90)) {
      if (!(x > siteFrom - 8 && x < siteTo + 8)) props.vehicle(x, 1.75 + props.range(-0.2, 0.2), props.range(-0.05, 0.05) + Math.PI, false);
    }
    if (b - a > 50 && props.chance(0.5)) {
      double from = a + props.range(5, 20), to = Math.min(b - 5, from + props.range(15, 40));
      Material island = props.material(SceneClass.OTHER_FLAT, Palette.pick(Palette.PAVEMENT, random), Texture.PAVERS, 0.3);
      props.add(new Box((from + to) / 2, 0.1, 0, (to - from) / 2, 0.35, 0, 0.12, island));
      if (props.chance(0.5)) props.sign((from + to) / 2, 0.1);
    }
  }

  private double parked(double x, double y, int side, double siteFrom, double siteTo, double end) {
    if (side > 0 && x > siteFrom - 10 && x < siteTo) return siteTo - x;
    double yaw = side < 0 ? props.range(-0.04, 0.04) : Math.PI + props.range(-0.04, 0.04);
    return props.vehicle(x, y + props.range(-0.25, 0.25), yaw, true);
  }

  private void constructionSite(double from, double to) {
    for (double x = from; x < to; x += 3) props.cone(x, 3.7 + props.range(-0.1, 0.1));
    for (double x = from + 1; x < to - 1; x += 2.1) props.barrier(x, 6.6, 0, 0);
    if (props.chance(0.7)) props.constructionVehicle(from + props.range(3, Math.max(4, to - from - 8)), 5.2, props.range(-0.3, 0.3), true);
  }

  private void crossStreet(double xc) {
    for (int side = -1; side <= 1; side += 2) {
      for (double y = ROAD_HALF + props.range(8, 20); y < 55; y += props.range(8, 25)) {
        double yy = side * y;
        double yaw = Math.PI / 2 * side + props.range(-0.05, 0.05);
        if (props.chance(0.5)) props.vehicle(xc + side * 3, yy, yaw, false);
      }
      int peds = random.nextInt(3);
      for (int k = 0; k < peds; k++) { // people on the zebra crossing, never in the ego lane
        double y = side > 0 ? props.range(0.2, ROAD_HALF - 0.5) : props.range(-ROAD_HALF + 0.5, EGO_CLEAR_MIN - 0.3);
        props.pedestrian(xc + side * (CROSS_HALF + 2.5) + props.range(-1, 1), y, 0);
      }
    }
    for (int k = 0; k < 4; k++) { // traffic lights at the corners
      double x = xc + (k % 2 == 0 ? -1 : 1) * (CROSS_HALF + 0.6), y = (k < 2 ? -1 : 1) * (ROAD_HALF + 0.6);
      Material m = props.material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
      props.add(new Cylinder(x, y, 0.12, 0, 5.5, m));
      props.add(new Box(x, y, 0, 0.2, 0.2, 4.2, 5.2, m));
    }
  }

}
