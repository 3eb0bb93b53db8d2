package dev.clip2scene.model.sim;

/**
 * The classes of the synthetic world: the 16 nuScenes lidarseg classes, in the order of the bundled vocabulary
 * (vocabularies/nuscenes.txt), so that {@link #id()} is the label id a model trained on that vocabulary predicts.
 */
public enum SceneClass {
  BARRIER("barrier"),
  BICYCLE("bicycle"),
  BUS("bus"),
  CAR("car"),
  CONSTRUCTION_VEHICLE("construction vehicle"),
  MOTORCYCLE("motorcycle"),
  PEDESTRIAN("pedestrian"),
  TRAFFIC_CONE("traffic cone"),
  TRAILER("trailer"),
  TRUCK("truck"),
  DRIVEABLE_SURFACE("driveable surface"),
  OTHER_FLAT("other flat"),
  SIDEWALK("sidewalk"),
  TERRAIN("terrain"),
  MANMADE("manmade"),
  VEGETATION("vegetation");

  /** Label value of pixels that show no class (the sky) in 8-bit label images. */

  private static final SceneClass[] VALUES = values();

  private final String vocabularyName;

  SceneClass(String vocabularyName) {
    this.vocabularyName = vocabularyName;
  }

  public int id() {
    return ordinal();
  }

  /** The class name as the vocabulary file spells it. */
  public String vocabularyName() {
    return vocabularyName;
  }

  public static SceneClass of(int id) {
    if (id < 0 || id >= VALUES.length) throw new IllegalArgumentException("no scene class with id " + id);
    return VALUES[id];
  }

  public static int count() {
    return VALUES.length;
  }
}
