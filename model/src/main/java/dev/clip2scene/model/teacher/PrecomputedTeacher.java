package dev.clip2scene.model.teacher;

import dev.clip2scene.model.image.EncodedImage;
import dev.clip2scene.model.image.ImageLimits;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.io.NpyArray;
import dev.clip2scene.model.io.TensorFileException;
import dev.clip2scene.model.loss.PseudoLabels;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Teacher outputs computed elsewhere, one file per image: {@code DIR/<topic>/<stamp_ns>.npy} (float32 H x W x D
 * features, a grid covering the whole image; labels are their argmax against the text embeddings) or
 * {@code DIR/<topic>/<stamp_ns>.png} (8-bit grey class ids, 255 = no label). TOPIC is the image topic without its
 * leading slash, other slashes as folders (/cam/front/image -> DIR/cam/front/image/...). A missing file is an
 * error naming the path: every image used for training needs its teacher output.
 */
public final class PrecomputedTeacher implements Teacher {
  private final Path dir;
  private final float[] text;
  private final int classes;

  /** TEXT (C x D, normalised or not) labels .npy features; null when the folder holds PNG labels only. */
  public PrecomputedTeacher(Path dir, float[] text, int classes) {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("precomputed teacher folder " + dir + " does not exist");
    this.dir = dir;
    this.text = text;
    this.classes = classes;
  }

  @Override
  public String weightsHash() {
    return "precomputed:" + dir.toAbsolutePath().normalize();
  }

  @Override
  public boolean producesFeatures() {
    return false;
  }

  @Override
  public boolean crops() {
    return false;
  }

  public Path file(String topic, long stampNs, String extension) {
    String rel = topic.startsWith("/") ? topic.substring(1) : topic;
    return dir.resolve(rel).resolve(stampNs + extension);
  }

  @Override
  public TeacherOutput output(TeacherKey key, Supplier<RgbImage> image) {
    Path npy = file(key.topic(), key.stampNs(), ".npy");
    if (Files.isRegularFile(npy)) {
      PixelFeatures f = readFeatures(npy);
      return new TeacherOutput(labels(f), f);
    }
    Path png = file(key.topic(), key.stampNs(), ".png");
    if (Files.isRegularFile(png)) return new TeacherOutput(readLabels(png, classes), null);
    throw new IllegalArgumentException("no precomputed teacher output for " + key.topic() + " at " + key.stampNs() + " ns: neither " + npy + " nor " + png);
  }

  @Override
  public PixelLabels labels(PixelFeatures features) {
    if (text == null) throw new IllegalStateException("precomputed features need text embeddings to give labels");
    return features.argmax(text, classes);
  }

  /** H x W x D floating-point features, D the text embeddings' width, every value finite; errors name the file. */
  private PixelFeatures readFeatures(Path file) {
    if (text == null) throw new IllegalArgumentException(file + ": features need text embeddings to give labels; this teacher has none");
    try {
      return checkedFeatures(file, Npy.read(file));
    } catch (TensorFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private PixelFeatures checkedFeatures(Path file, NpyArray a) {
    long[] shape = a.shape();
    if (shape.length != 3 || shape[0] < 1 || shape[1] < 1) {
      throw new IllegalArgumentException(file + ": expected H x W x D features, shape " + java.util.Arrays.toString(shape));
    }
    if (!a.dtype().isFloating()) throw new IllegalArgumentException(file + ": features must be floating point, not " + a.dtype());
    int dim = text.length / classes;
    if (shape[2] != dim) {
      throw new IllegalArgumentException(file + ": features of width " + shape[2] + ", the text embeddings have " + dim);
    }
    float[] values = a.floats();
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        long cell = i / dim;
        throw new IllegalArgumentException(file + ": feature " + i % dim + " of cell (row " + cell / shape[1] + ", column " + cell % shape[1]
            + ") is " + values[i]);
      }
    }
    return new PixelFeatures((int) shape[1], (int) shape[0], dim, values);
  }

  static PixelLabels readLabels(Path file, int classes) {
    BufferedImage img = EncodedImage.read(file, ImageLimits.DEFAULT);
    Raster r = img.getRaster();
    if (r.getNumBands() != 1) throw new IllegalArgumentException(file + ": label PNG must be 8-bit grey, has " + r.getNumBands() + " bands");
    int bits = r.getSampleModel().getSampleSize(0);
    if (bits != 8) throw new IllegalArgumentException(file + ": label PNG must be 8-bit grey, has " + bits + "-bit samples");
    int[] labels = new int[img.getWidth() * img.getHeight()];
    r.getSamples(0, 0, img.getWidth(), img.getHeight(), 0, labels);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == PseudoLabels.IGNORE_STORED) labels[i] = PseudoLabels.IGNORE;
      else if (labels[i] >= classes) {
        throw new IllegalArgumentException(file + ": pixel (" + i % img.getWidth() + ", " + i / img.getWidth() + ") has class " + labels[i] + ", vocabulary has " + classes);
      }
    }
    return new PixelLabels(img.getWidth(), img.getHeight(), labels);
  }
}
