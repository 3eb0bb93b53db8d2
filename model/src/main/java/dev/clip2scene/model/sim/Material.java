package dev.clip2scene.model.sim;

/**
 * What a surface looks like: its class, the instance it belongs to, a base colour (0xRRGGBB, varied per instance)
 * and the procedural texture drawn over it. REFLECTIVITY (0-1) scales the LiDAR intensity.
 */
public record Material(SceneClass sceneClass, int instance, int rgb, Texture texture, double reflectivity) {}
