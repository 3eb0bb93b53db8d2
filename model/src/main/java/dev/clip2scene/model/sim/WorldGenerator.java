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

  private final SplittableRandom random;
  private final List<Primitive> out = new ArrayList<>();
  private int instance;

  private WorldGenerator(long seed) {
    random = new SplittableRandom(seed);
  }

  /** A world whose road runs at least from X_FROM to X_TO. */
  public static World generate(long seed, double xFrom, double xTo) {
    return new WorldGenerator(seed).build(xFrom, xTo, seed);
  }

  private World build(double xFrom, double xTo, long seed) {
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
    Material asphalt = material(SceneClass.DRIVEABLE_SURFACE, Palette.pick(Palette.ASPHALT, random), Texture.ASPHALT, 0.25);
    Material grass = material(SceneClass.TERRAIN, Palette.pick(Palette.GRASS, random), Texture.GRASS, 0.45);
    return new World(out, road, asphalt, grass, 4.0);
  }

  private Material material(SceneClass c, int rgb, Texture t, double reflectivity) {
    return new Material(c, ++instance, rgb, t, reflectivity);
  }

  private double range(double lo, double hi) {
    return lo + random.nextDouble() * (hi - lo);
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** One side of a block between two crossings: sidewalk, street furniture, people, front yards, buildings. */
  private void block(double a, double b, int side) {
    if (b - a < 4) return;
    double mid = (a + b) / 2, half = (b - a) / 2;
    Material walk = material(SceneClass.SIDEWALK, Palette.pick(Palette.PAVEMENT, random), Texture.PAVERS, 0.35);
    out.add(new Box(mid, side * (ROAD_HALF + SIDEWALK_OUTER) / 2, 0, half, (SIDEWALK_OUTER - ROAD_HALF) / 2, 0, CURB, walk));
    for (double x = a + range(2, 15); x < b - 1; x += range(22, 34)) streetLight(x, side);
    for (double x = a + range(3, 10); x < b - 2; x += range(9, 20)) if (chance(0.6)) tree(x, side * range(8.8, 9.4), CURB);
    for (double x = a + range(0, 8); x < b; x += range(4, 22)) {
      int group = chance(0.3) ? 2 + random.nextInt(3) : 1;
      for (int k = 0; k < group; k++) pedestrian(x + range(-1, 1), side * range(7.5, 9.8), CURB);
    }
    for (double x = a + range(5, 30); x < b - 2; x += range(20, 60)) {
      if (chance(0.5)) bicycle(x, side * range(9.3, 9.7), CURB, range(-0.3, 0.3) + Math.PI / 2);
      else if (chance(0.6)) motorcycle(x, side * 6.6, 0, range(-0.2, 0.2));
    }
    for (double x = a + range(10, 40); x < b - 2; x += range(40, 70)) sign(x, side * 7.35);
    if (chance(0.35)) {
      double x = a + range(0, Math.max(1, b - a - 20));
      int n = 3 + random.nextInt(6);
      for (int k = 0; k < n && x + 2.1 * k < b; k++) barrier(x + 2.1 * k + 1, side * 7.25, CURB, 0);
    }
    yards(a, b, side);
  }

  /** Between sidewalk and buildings: terrain with hedges, fences, bushes, plazas, then the buildings. */
  private void yards(double a, double b, int side) {
    double x = a + range(0, 4);
    while (x < b - 3) {
      double width = Math.min(b - x, range(8, 30));
      double cx = x + width / 2;
      if (chance(0.75)) {
        double front = range(12.5, 22), depth = range(10, 25), height = range(4, 28);
        Material wall = material(SceneClass.MANMADE, Palette.pick(Palette.BUILDING, random), Texture.FACADE, 0.5);
        out.add(new Box(cx, side * (front + depth / 2), 0, width / 2, depth / 2, 0, height, wall));
        if (chance(0.3)) { // a plaza or driveway in front
          Material flat = material(SceneClass.OTHER_FLAT, Palette.pick(Palette.PAVEMENT, random), Texture.PAVERS, 0.3);
          out.add(new Box(cx, side * (SIDEWALK_OUTER + front) / 2, 0, width / 2 * 0.8, (front - SIDEWALK_OUTER) / 2, 0, 0.05, flat));
        } else if (chance(0.5)) {
          Material hedge = material(SceneClass.VEGETATION, Palette.pick(Palette.FOLIAGE, random), Texture.FOLIAGE, 0.55);
          out.add(new Box(cx, side * range(10.8, 11.6), 0, width / 2 * 0.9, range(0.3, 0.6), 0, range(0.7, 1.6), hedge));
        } else if (chance(0.6)) {
          Material fence = material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
          out.add(new Box(cx, side * range(10.6, 11.2), 0, width / 2 * 0.95, 0.05, 0, range(1, 2), fence));
        }
      } else { // a park
        int trees = 1 + random.nextInt(4);
        for (int k = 0; k < trees; k++) tree(x + range(0, width), side * range(12, 24), 0);
        int bushes = random.nextInt(4);
        for (int k = 0; k < bushes; k++) {
          Material bush = material(SceneClass.VEGETATION, Palette.pick(Palette.FOLIAGE, random), Texture.FOLIAGE, 0.5);
          double r = range(0.6, 1.5);
          out.add(new Ellipsoid(x + range(0, width), side * range(11, 20), r * 0.6, r, r * range(0.8, 1.3), r * 0.8, bush));
        }
        if (chance(0.4)) {
          Material bin = material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
          out.add(new Box(x + range(0, width), side * range(10.5, 11.5), random.nextDouble(), 0.3, 0.3, 0, 1.0, bin));
        }
      }
      x += width + range(1, 10);
    }
  }

  /** The main road between two crossings: parked and stopped vehicles, a construction site, traffic islands. */
  private void roadway(double a, double b) {
    double siteFrom = Double.NaN, siteTo = Double.NaN;
    if (b - a > 40 && chance(0.45)) {
      siteFrom = a + range(5, b - a - 35);
      siteTo = siteFrom + range(20, 30);
      constructionSite(siteFrom, siteTo);
    }
    for (int side = -1; side <= 1; side += 2) {
      double x = a + range(1, 10);
      while (x < b - 5) {
        double len = parked(x, side * 5.25, side, siteFrom, siteTo, b);
        x += len + range(1, chance(0.2) ? 40 : 12);
      }
    }
    for (double x = a + range(10, 60); x < b - 8; x += range(30, 90)) {
      if (!(x > siteFrom - 8 && x < siteTo + 8)) vehicle(x, 1.75 + range(-0.2, 0.2), range(-0.05, 0.05) + Math.PI, false);
    }
    if (b - a > 50 && chance(0.5)) {
      double from = a + range(5, 20), to = Math.min(b - 5, from + range(15, 40));
      Material island = material(SceneClass.OTHER_FLAT, Palette.pick(Palette.PAVEMENT, random), Texture.PAVERS, 0.3);
      out.add(new Box((from + to) / 2, 0.1, 0, (to - from) / 2, 0.35, 0, 0.12, island));
      if (chance(0.5)) sign((from + to) / 2, 0.1);
    }
  }

  private double parked(double x, double y, int side, double siteFrom, double siteTo, double end) {
    if (side > 0 && x > siteFrom - 10 && x < siteTo) return siteTo - x;
    double yaw = side < 0 ? range(-0.04, 0.04) : Math.PI + range(-0.04, 0.04);
    return vehicle(x, y + range(-0.25, 0.25), yaw, true);
  }

  /**
   * A random vehicle heading YAW; with REAR_AT_X its extent along x starts at X (parking along the road), else it is
   * centred at X. Returns its length.
   */
  private double vehicle(double x, double y, double yaw, boolean rearAtX) {
    double p = random.nextDouble();
    if (p < 0.72) return car(x, y, yaw, rearAtX);
    if (p < 0.82) return truck(x, y, yaw, rearAtX);
    if (p < 0.89) return bus(x, y, yaw, rearAtX);
    if (p < 0.95) return trailer(x, y, yaw, rearAtX);
    return constructionVehicle(x, y, yaw, rearAtX);
  }

  /** Adds a box centred D metres ahead of (X, Y) along heading YAW. */
  private void along(double x, double y, double yaw, double d, double hx, double hy, double z0, double z1, Material m) {
    out.add(new Box(x + d * Math.cos(yaw), y + d * Math.sin(yaw), yaw, hx, hy, z0, z1, m));
  }

  private static double centre(double x, double len, boolean rearAtX) {
    return rearAtX ? x + len / 2 : x;
  }

  private double car(double x, double y, double yaw, boolean rearAtX) {
    double len = range(3.9, 5.0), w = range(1.7, 2.0), h = range(1.35, 1.7);
    int paint = Palette.pick(Palette.VEHICLE, random);
    Material body = material(SceneClass.CAR, paint, Texture.VEHICLE_BODY, 0.8);
    Material cabin = new Material(SceneClass.CAR, body.instance(), paint, Texture.VEHICLE_CABIN, 0.5);
    double cx = centre(x, len, rearAtX);
    along(cx, y, yaw, 0, len / 2, w / 2, 0.15, h * 0.6, body);
    along(cx, y, yaw, range(-0.3, 0.1), len * 0.28, w / 2 * 0.9, h * 0.6, h, cabin);
    return len;
  }

  private double truck(double x, double y, double yaw, boolean rearAtX) {
    double len = range(6.5, 10), w = range(2.3, 2.55), h = range(3, 4), cab = 2.2;
    int paint = Palette.pick(Palette.HEAVY, random);
    Material front = material(SceneClass.TRUCK, paint, Texture.VEHICLE_BODY, 0.8);
    Material box = new Material(SceneClass.TRUCK, front.instance(), Palette.pick(Palette.HEAVY, random), Texture.PLAIN, 0.7);
    double cx = centre(x, len, rearAtX);
    along(cx, y, yaw, len / 2 - cab / 2, cab / 2, w / 2, 0.3, h * 0.8, front);
    along(cx, y, yaw, -cab / 2 - 0.05, (len - cab) / 2 - 0.1, w / 2, 0.8, h, box);
    return len;
  }

  private double bus(double x, double y, double yaw, boolean rearAtX) {
    double len = range(10.5, 13), w = 2.55, h = range(3.0, 3.4);
    Material body = material(SceneClass.BUS, Palette.pick(Palette.HEAVY, random), Texture.VEHICLE_BODY, 0.8);
    Material windows = new Material(SceneClass.BUS, body.instance(), body.rgb(), Texture.VEHICLE_CABIN, 0.5);
    double cx = centre(x, len, rearAtX);
    along(cx, y, yaw, 0, len / 2, w / 2, 0.3, h * 0.55, body);
    along(cx, y, yaw, 0, len / 2, w / 2, h * 0.55, h, windows);
    return len;
  }

  private double trailer(double x, double y, double yaw, boolean rearAtX) {
    double len = range(7, 12), w = 2.5, h = range(3.5, 4);
    Material m = material(SceneClass.TRAILER, Palette.pick(Palette.HEAVY, random), Texture.PLAIN, 0.7);
    Material wheels = new Material(SceneClass.TRAILER, m.instance(), 0x202020, Texture.PLAIN, 0.3);
    double cx = centre(x, len, rearAtX);
    along(cx, y, yaw, 0, len / 2, w / 2, 1.1, h, m);
    along(cx, y, yaw, -len / 2 + 1.2, 1.0, w / 2 - 0.1, 0, 1.1, wheels);
    return len;
  }

  private double constructionVehicle(double x, double y, double yaw, boolean rearAtX) {
    double len = range(5, 7), w = 2.5;
    int paint = chance(0.6) ? Palette.jitter(0xE0B020, random, 20) : Palette.pick(Palette.HEAVY, random);
    Material body = material(SceneClass.CONSTRUCTION_VEHICLE, paint, Texture.VEHICLE_BODY, 0.7);
    Material cab = new Material(SceneClass.CONSTRUCTION_VEHICLE, body.instance(), paint, Texture.VEHICLE_CABIN, 0.5);
    double cx = centre(x, len, rearAtX);
    along(cx, y, yaw, 0, len / 2, w / 2, 0.4, 2.0, body);
    along(cx, y, yaw, -len * 0.15, 0.9, w / 2 * 0.8, 2.0, 3.2, cab);
    along(cx, y, yaw + range(-0.3, 0.3), len * 0.3, 1.8, 0.25, 2.0, 3.8, body); // the arm
    return len;
  }

  private void constructionSite(double from, double to) {
    for (double x = from; x < to; x += 3) cone(x, 3.7 + range(-0.1, 0.1));
    for (double x = from + 1; x < to - 1; x += 2.1) barrier(x, 6.6, 0, 0);
    if (chance(0.7)) constructionVehicle(from + range(3, Math.max(4, to - from - 8)), 5.2, range(-0.3, 0.3), true);
  }

  private void crossStreet(double xc) {
    for (int side = -1; side <= 1; side += 2) {
      for (double y = ROAD_HALF + range(8, 20); y < 55; y += range(8, 25)) {
        double yy = side * y;
        double yaw = Math.PI / 2 * side + range(-0.05, 0.05);
        if (chance(0.5)) vehicle(xc + side * 3, yy, yaw, false);
      }
      int peds = random.nextInt(3);
      for (int k = 0; k < peds; k++) { // people on the zebra crossing, never in the ego lane
        double y = side > 0 ? range(0.2, ROAD_HALF - 0.5) : range(-ROAD_HALF + 0.5, EGO_CLEAR_MIN - 0.3);
        pedestrian(xc + side * (CROSS_HALF + 2.5) + range(-1, 1), y, 0);
      }
    }
    for (int k = 0; k < 4; k++) { // traffic lights at the corners
      double x = xc + (k % 2 == 0 ? -1 : 1) * (CROSS_HALF + 0.6), y = (k < 2 ? -1 : 1) * (ROAD_HALF + 0.6);
      Material m = material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
      out.add(new Cylinder(x, y, 0.12, 0, 5.5, m));
      out.add(new Box(x, y, 0, 0.2, 0.2, 4.2, 5.2, m));
    }
  }

  private void streetLight(double x, double side) {
    Material m = material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
    double y = side * 7.4, h = range(6.5, 8.5);
    out.add(new Cylinder(x, y, 0.12, CURB, h, m));
    out.add(new Box(x, y - side * 0.9, 0, 0.12, 0.9, h - 0.25, h, m));
  }

  private void sign(double x, double y) {
    Material pole = material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
    Material plate = new Material(SceneClass.MANMADE, pole.instance(), Palette.pick(Palette.BARRIER, random), Texture.STRIPES, 0.95);
    out.add(new Cylinder(x, y, 0.05, 0, 2.6, pole));
    out.add(new Box(x, y, Math.PI / 2, 0.04, 0.35, 2.0, 2.7, plate));
  }

  private void tree(double x, double y, double z) {
    Material bark = material(SceneClass.VEGETATION, Palette.pick(Palette.BARK, random), Texture.BARK, 0.5);
    Material leaves = new Material(SceneClass.VEGETATION, bark.instance(), Palette.pick(Palette.FOLIAGE, random), Texture.FOLIAGE, 0.55);
    double trunk = range(2, 3.5), r = range(1.3, 3), rz = range(1.5, 3.2);
    out.add(new Cylinder(x, y, range(0.15, 0.3), z, z + trunk + rz * 0.5, bark));
    out.add(new Ellipsoid(x, y, z + trunk + rz * 0.7, r, r * range(0.85, 1.15), rz, leaves));
  }

  private void pedestrian(double x, double y, double z) {
    double h = range(1.5, 1.95), r = range(0.2, 0.3);
    Material clothes = material(SceneClass.PEDESTRIAN, Palette.pick(Palette.CLOTH, random), Texture.CLOTH, 0.5);
    Material skin = new Material(SceneClass.PEDESTRIAN, clothes.instance(), Palette.pick(Palette.SKIN, random), Texture.SKIN, 0.5);
    out.add(new Cylinder(x, y, r, z, z + h - 0.25, clothes));
    out.add(new Ellipsoid(x, y, z + h - 0.12, 0.11, 0.11, 0.13, skin));
  }

  private void bicycle(double x, double y, double z, double yaw) {
    Material m = material(SceneClass.BICYCLE, Palette.pick(Palette.VEHICLE, random), Texture.PLAIN, 0.7);
    out.add(new Box(x, y, yaw, 0.85, 0.04, z + 0.05, z + 1.0, m));
    out.add(new Box(x + 0.6 * Math.cos(yaw), y + 0.6 * Math.sin(yaw), yaw, 0.05, 0.3, z + 0.95, z + 1.05, m));
  }

  private void motorcycle(double x, double y, double z, double yaw) {
    Material m = material(SceneClass.MOTORCYCLE, Palette.pick(Palette.VEHICLE, random), Texture.VEHICLE_BODY, 0.8);
    out.add(new Box(x, y, yaw, 1.0, 0.35, z + 0.1, z + 1.0, m));
    out.add(new Box(x + 0.55 * Math.cos(yaw), y + 0.55 * Math.sin(yaw), yaw, 0.1, 0.4, z + 1.0, z + 1.25, m));
  }

  private void cone(double x, double y) {
    Material m = material(SceneClass.TRAFFIC_CONE, Palette.pick(Palette.CONE, random), Texture.STRIPES, 0.9);
    double h = range(0.5, 0.9);
    out.add(new Cylinder(x, y, 0.2, 0, 0.04, m));
    out.add(new Cylinder(x, y, 0.12, 0.04, h, m));
  }

  private void barrier(double x, double y, double z, double yaw) {
    Material m = material(SceneClass.BARRIER, Palette.pick(Palette.BARRIER, random), chance(0.5) ? Texture.STRIPES : Texture.PLAIN, 0.8);
    out.add(new Box(x, y, yaw, 1.0, range(0.2, 0.35), z, z + range(0.8, 1.1), m));
  }
}
