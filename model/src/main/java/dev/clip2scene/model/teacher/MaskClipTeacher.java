package dev.clip2scene.model.teacher;

import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.ClipPreprocessor;
import dev.clip2scene.model.clip.DenseFeatures;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.image.RgbImage;
import java.util.List;
import java.util.function.Supplier;

/**
 * MaskCLIP as the teacher (METHOD.md): dense CLIP features of each key's crop, L2-normalised per token, and
 * pseudo-labels as the argmax of their similarity to the text embeddings. Crop outputs must be multiples of the
 * patch size.
 */
public final class MaskClipTeacher implements Teacher {
  private final ClipModel model;
  private final ClipPreprocessor preprocessor;
  private final float[] text;
  private final int classes;
  private final String hash;

  /**
   * @param weightsHash identifies MODEL's weights (e.g. the SHA-256 of the file)
   * @param normalize CLIP's mean/std normalisation (true) or pixels / 255 only (the reference code)
   */
  public MaskClipTeacher(ClipModel model, String weightsHash, TextEmbeddings text, boolean normalize) {
    this.model = model;
    this.preprocessor = new ClipPreprocessor(0, 0, normalize);
    this.text = text.normalized();
    this.classes = text.classes();
    this.hash = "maskclip:" + weightsHash + ":" + (normalize ? "clipnorm" : "div255") + ":" + textDigest(this.text);
  }

  @Override
  public String weightsHash() {
    return hash;
  }

  @Override
  public boolean producesFeatures() {
    return true;
  }

  @Override
  public boolean crops() {
    return true;
  }

  @Override
  public TeacherOutput output(TeacherKey key, Supplier<RgbImage> image) {
    TeacherKey.Crop crop = key.crop();
    int patch = model.image().config().patchSize();
    if (crop.outWidth() % patch != 0 || crop.outHeight() % patch != 0) {
      throw new IllegalArgumentException("teacher crop " + crop.outHeight() + " x " + crop.outWidth() + " is not a multiple of the patch size " + patch);
    }
    RgbImage input = Crops.apply(image.get(), crop);
    DenseFeatures dense = model.image().dense(preprocessor.apply(List.of(input)));
    float[] values = dense.image(0);
    int dim = dense.dim();
    for (int t = 0; t < values.length / dim; t++) normalize(values, t * dim, dim);
    PixelFeatures f = new PixelFeatures(dense.gridWidth(), dense.gridHeight(), dim, values);
    return new TeacherOutput(labels(f), f);
  }

  @Override
  public PixelLabels labels(PixelFeatures features) {
    return features.argmax(text, classes);
  }

  private static void normalize(float[] v, int offset, int length) {
    double n = 0;
    for (int i = 0; i < length; i++) n += (double) v[offset + i] * v[offset + i];
    if (n == 0) return;
    float inv = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < length; i++) v[offset + i] *= inv;
  }

  /** Outputs depend on the vocabulary through the labels only, but keys must still change with it. */
  private static String textDigest(float[] text) {
    return Integer.toHexString(java.util.Arrays.hashCode(text));
  }
}
