package dev.clip2scene.model.net;

/** The student networks. Names are the config file's {@code architecture} values. */
public enum Architecture {
  /** Point-voxel U-Net (reference for outdoor LiDAR). */
  SPVCNN,
  /** Voxel U-Net with a 5x5x5 stem (MinkowskiEngine's MinkUNet family, reference for indoor RGB clouds). */
  MINKUNET;
}
