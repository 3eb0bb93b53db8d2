package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.teacher.MaskClipTeacher;
import dev.clip2scene.model.teacher.Teacher;

/** The project's MaskCLIP teacher (CLIP's image tower, dense features, CLIP normalisation) as fusion's image source. */
public final class MaskClipImageTeacher implements ImageTeacher {
  private final ClipWeights clip;

  public MaskClipImageTeacher(ClipWeights clip) {
    this.clip = clip;
  }

  @Override
  public Teacher forVocabulary(TextEmbeddings vocabulary) {
    return new MaskClipTeacher(clip.model(), clip.weights().getFileName().toString(), vocabulary, true);
  }

  @Override
  public int sizeMultiple() {
    return clip.model().image().config().patchSize();
  }

  @Override
  public String describe() {
    return "MaskCLIP " + clip.weights().getFileName() + " (cpu, DJL)";
  }
}
