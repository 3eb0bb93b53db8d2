package dev.clip2scene.model.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the world's objects from a shared random stream: vehicles of every vehicle class, people, bicycles and
 * motorcycles, trees, street furniture, cones and barriers, each a few primitives with per-instance materials.
 */
final class Props {
  private final SplittableRandom random;
  private final List<Primitive> out = new ArrayList<>();
  private int instance;

  Props(SplittableRandom random) {
    this.random = random;
  }

  SplittableRandom random() {
    return random;
  }

  List<Primitive> primitives() {
    return out;
  }

  void add(Primitive p) {
    out.add(p);
  }

  Material material(SceneClass c, int rgb, Texture t, double reflectivity) {
    return new Material(c, ++instance, rgb, t, reflectivity);
  }

  double range(double lo, double hi) {
    return lo + random.nextDouble() * (hi - lo);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /**
   * A random vehicle heading YAW; with REAR_AT_X its extent along x starts at X (parking along the road), else it is
   * centred at X. Returns its length.
   */
  double vehicle(double x, double y, double yaw, boolean rearAtX) {
    double p = random.nextDouble();
    if (p < 0.72) return car(x, y, yaw, rearAtX);
    if (p < 0.82) return truck(x, y, yaw, rearAtX);
    if (p < 0.89) return bus(x, y, yaw, rearAtX);
    if (p < 0.95) return trailer(x, y, yaw, rearAtX);
    return constructionVehicle(x, y, yaw, rearAtX);
  }

  /** Adds a box centred D metres ahead of (X, Y) along heading YAW. */
  void along(double x, double y, double yaw, double d, double hx, double hy, double z0, double z1, Material m) {
    out.add(new Box(x + d * Math.cos(yaw), y + d * Math.sin(yaw), yaw, hx, hy, z0, z1, m));
  }

  private static double centre(double x, double len, boolean rearAtX) {
    return rearAtX ? x + len / 2 : x;
  }

  double car(double x, double y, double yaw, boolean rearAtX) {
    double len = range(3.9, 5.0), w = range(1.7, 2.0), h = range(1.35, 1.7);
    int paint = Palette.pick(Palette.VEHICLE, random);
    Material body = material(SceneClass.CAR, paint, Texture.VEHICLE_BODY, 0.8);
    Material cabin = new Material(SceneClass.CAR, body.instance(), paint, Texture.VEHICLE_CABIN, 0.5);
    double cx = centre(x, len, rearAtX);
    along(cx, y, yaw, 0, len / 2, w / 2, 0.15, h * 0.6, body);
    along(cx, y, yaw, range(-0.3, 0.1), len * 0.28, w / 2 * 0.9, h * 0.6, h, cabin);
    return len;
  }

  double truck(double x, double y, double yaw, boolean rearAtX) {
    double len = range(6.5, 10), w = range(2.3, 2.55), h = range(3, 4), cab = 2.2;
    int paint = Palette.pick(Palette.HEAVY, random);
    Material front = material(SceneClass.TRUCK, paint, Texture.VEHICLE_BODY, 0.8);
    Material box = new Material(SceneClass.TRUCK, front.instance(), Palette.pick(Palette.HEAVY, random), Texture.PLAIN, 0.7);
    double cx = centre(x, len, rearAtX);
    along(cx, y, yaw, len / 2 - cab / 2, cab / 2, w / 2, 0.3, h * 0.8, front);
    along(cx, y, yaw, -cab / 2 - 0.05, (len - cab) / 2 - 0.1, w / 2, 0.8, h, box);
    return len;
  }

  double bus(double x, double y, double yaw, boolean rearAtX) {
    double len = range(10.5, 13), w = 2.55, h = range(3.0, 3.4);
    Material body = material(SceneClass.BUS, Palette.pick(Palette.HEAVY, random), Texture.VEHICLE_BODY, 0.8);
    Material windows = new Material(SceneClass.BUS, body.instance(), body.rgb(), Texture.VEHICLE_CABIN, 0.5);
    double cx = centre(x, len, rearAtX);
    along(cx, y, yaw, 0, len / 2, w / 2, 0.3, h * 0.55, body);
    along(cx, y, yaw, 0, len / 2, w / 2, h * 0.55, h, windows);
    return len;
  }

  double trailer(double x, double y, double yaw, boolean rearAtX) {
    double len = range(7, 12), w = 2.5, h = range(3.5, 4);
    Material m = material(SceneClass.TRAILER, Palette.pick(Palette.HEAVY, random), Texture.PLAIN, 0.7);
    Material wheels = new Material(SceneClass.TRAILER, m.instance(), 0x202020, Texture.PLAIN, 0.3);
    double cx = centre(x, len, rearAtX);
    along(cx, y, yaw, 0, len / 2, w / 2, 1.1, h, m);
    along(cx, y, yaw, -len / 2 + 1.2, 1.0, w / 2 - 0.1, 0, 1.1, wheels);
    return len;
  }

  double constructionVehicle(double x, double y, double yaw, boolean rearAtX) {
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

  void streetLight(double x, double side) {
    Material m = material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
    double y = side * 7.4, h = range(6.5, 8.5);
    out.add(new Cylinder(x, y, 0.12, WorldGenerator.CURB, h, m));
    out.add(new Box(x, y - side * 0.9, 0, 0.12, 0.9, h - 0.25, h, m));
  }

  void sign(double x, double y) {
    Material pole = material(SceneClass.MANMADE, Palette.pick(Palette.METAL, random), Texture.PLAIN, 0.6);
    Material plate = new Material(SceneClass.MANMADE, pole.instance(), Palette.pick(Palette.BARRIER, random), Texture.STRIPES, 0.95);
    out.add(new Cylinder(x, y, 0.05, 0, 2.6, pole));
    out.add(new Box(x, y, Math.PI / 2, 0.04, 0.35, 2.0, 2.7, plate));
  }

  void tree(double x, double y, double z) {
    Material bark = material(SceneClass.VEGETATION, Palette.pick(Palette.BARK, random), Texture.BARK, 0.5);
    Material leaves = new Material(SceneClass.VEGETATION, bark.instance(), Palette.pick(Palette.FOLIAGE, random), Texture.FOLIAGE, 0.55);
    double trunk = range(2, 3.5), r = range(1.3, 3), rz = range(1.5, 3.2);
    out.add(new Cylinder(x, y, range(0.15, 0.3), z, z + trunk + rz * 0.5, bark));
    out.add(new Ellipsoid(x, y, z + trunk + rz * 0.7, r, r * range(0.85, 1.15), rz, leaves));
  }

  void pedestrian(double x, double y, double z) {
    double h = range(1.5, 1.95), r = range(0.2, 0.3);
    Material clothes = material(SceneClass.PEDESTRIAN, Palette.pick(Palette.CLOTH, random), Texture.CLOTH, 0.5);
    Material skin = new Material(SceneClass.PEDESTRIAN, clothes.instance(), Palette.pick(Palette.SKIN, random), Texture.SKIN, 0.5);
    out.add(new Cylinder(x, y, r, z, z + h - 0.25, clothes));
    out.add(new Ellipsoid(x, y, z + h - 0.12, 0.11, 0.11, 0.13, skin));
  }

  void bicycle(double x, double y, double z, double yaw) {
    Material m = material(SceneClass.BICYCLE, Palette.pick(Palette.VEHICLE, random), Texture.PLAIN, 0.7);
    out.add(new Box(x, y, yaw, 0.85, 0.04, z + 0.05, z + 1.0, m));
    out.add(new Box(x + 0.6 * Math.cos(yaw), y + 0.6 * Math.sin(yaw), yaw, 0.05, 0.3, z + 0.95, z + 1.05, m));
  }

  void motorcycle(double x, double y, double z, double yaw) {
    Material m = material(SceneClass.MOTORCYCLE, Palette.pick(Palette.VEHICLE, random), Texture.VEHICLE_BODY, 0.8);
    out.add(new Box(x, y, yaw, 1.0, 0.35, z + 0.1, z + 1.0, m));
    out.add(new Box(x + 0.55 * Math.cos(yaw), y + 0.55 * Math.sin(yaw), yaw, 0.1, 0.4, z + 1.0, z + 1.25, m));
  }

  void cone(double x, double y) {
    Material m = material(SceneClass.TRAFFIC_CONE, Palette.pick(Palette.CONE, random), Texture.STRIPES, 0.9);
    double h = range(0.5, 0.9);
    out.add(new Cylinder(x, y, 0.2, 0, 0.04, m));
    out.add(new Cylinder(x, y, 0.12, 0.04, h, m));
  }

  void barrier(double x, double y, double z, double yaw) {
    Material m = material(SceneClass.BARRIER, Palette.pick(Palette.BARRIER, random), chance(0.5) ? Texture.STRIPES : Texture.PLAIN, 0.8);
    out.add(new Box(x, y, yaw, 1.0, range(0.2, 0.35), z, z + range(0.8, 1.1), m));
  }
}
