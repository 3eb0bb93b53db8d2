package dev.clip2scene.model.sim;

/** The procedural patterns {@link Shader} draws over a material's base colour. */
public enum Texture {
  ASPHALT, PAVERS, GRASS, FOLIAGE, BARK, FACADE, VEHICLE_BODY, VEHICLE_CABIN, CLOTH, SKIN, STRIPES, PLAIN
}
