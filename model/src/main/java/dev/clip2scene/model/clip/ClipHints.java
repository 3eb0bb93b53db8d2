package dev.clip2scene.model.clip;

/**
 * What weight shapes cannot tell: attention heads per tower and the activation. Each null field falls back to the
 * next source (explicit option, then a config file or the checkpoint's metadata, then CLIP's rule).
 */
public record ClipHints(Integer visionHeads, Integer textHeads, Activation activation) {
  public static final ClipHints NONE = new ClipHints(null, null, null);

  /** These hints, with gaps filled from FALLBACK. */
  public ClipHints orElse(ClipHints fallback) {
    return new ClipHints(
        visionHeads != null ? visionHeads : fallback.visionHeads,
        textHeads != null ? textHeads : fallback.textHeads,
        activation != null ? activation : fallback.activation);
  }
}
