package dev.clip2scene.model.net;

/**
 * Where one segmentation call spent its time, in nanoseconds, by stage: moving points to the device, voxelization,
 * kernel maps, the convolutions, the head with the labels against the text embeddings, and moving results back.
 * An engine that has no such stage (the CPU engine moves nothing; it builds its maps during the convolutions)
 * reports 0 for it.
 */
public record StageTimes(long uploadNs, long voxelizeNs, long mapsNs, long convolutionsNs, long headNs, long downloadNs) {
  public static final StageTimes NONE = new StageTimes(0, 0, 0, 0, 0, 0);

  public long totalNs() {
    return uploadNs + voxelizeNs + mapsNs + convolutionsNs + headNs + downloadNs;
  }
}
