package dev.clip2scene.model.teacher;

/**
 * How the simulated teacher corrupts ground truth.
 *
 * @param accuracy target fraction of labelled pixels given their true class (per image: this plus a uniform jitter)
 * @param jitter half width of the per-image spread of the target accuracy
 * @param similarShare fraction of blob errors that go to a similar class (the rest to any other class)
 * @param bleed probability that a patch on a class boundary takes its neighbour's class
 * @param blobPatches typical size of the wrong-label blobs, in patches
 * @param patch pixels per patch side (16 as ViT-B/16)
 * @param seed noise seed
 */
public record SimulatedTeacherSettings(double accuracy, double jitter, double similarShare, double bleed,
    double blobPatches, int patch, long seed) {
  public SimulatedTeacherSettings {
    if (!(accuracy >= 0 && accuracy <= 1)) throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
    if (!(jitter >= 0 && jitter <= 0.5)) throw new IllegalArgumentException("jitter must be in [0, 0.5], got " + jitter);
    if (!(similarShare >= 0 && similarShare <= 1)) throw new IllegalArgumentException("similar share must be in [0, 1]");
    if (!(bleed >= 0 && bleed <= 1)) throw new IllegalArgumentException("bleed must be in [0, 1], got " + bleed);
    if (!(blobPatches > 0)) throw new IllegalArgumentException("blob size must be positive, got " + blobPatches);
    if (patch < 1) throw new IllegalArgumentException("patch must be at least 1 pixel, got " + patch);
  }

  /** About half the pixels right, as MaskCLIP is on street scenes: 0.5 accuracy, most errors between similar classes. */
  public static SimulatedTeacherSettings defaults(long seed) {
    return new SimulatedTeacherSettings(0.5, 0.05, 0.8, 0.3, 3, 16, seed);
  }

  public SimulatedTeacherSettings withAccuracy(double a) {
    return new SimulatedTeacherSettings(a, jitter, similarShare, bleed, blobPatches, patch, seed);
  }

  /** A stable text of every setting, for cache keys. */
  public String describe() {
    return "simulated-teacher:acc=" + accuracy + ",jitter=" + jitter + ",similar=" + similarShare + ",bleed=" + bleed
        + ",blob=" + blobPatches + ",patch=" + patch + ",seed=" + seed;
  }
}
