package dev.clip2scene.model.teacher;

/** One image's teacher output: labels always, features for dense teachers (null otherwise). */
public record TeacherOutput(PixelLabels labels, PixelFeatures features) {
  public TeacherOutput {
    if (labels == null) throw new IllegalArgumentException("teacher output without labels");
  }
}
