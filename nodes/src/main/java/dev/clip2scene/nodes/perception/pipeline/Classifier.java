package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.clip.TextEmbeddingsFolder;
import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.msgs.clip2scene.LabelClass;
import dev.clip2scene.msgs.clip2scene.LabelMap;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.cli.clip.ClassPalette;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The node's current vocabulary: text embeddings (one per class, the network's feature size) and where they came
 * from. Label ids are row indices; {@link #UNLABELLED} marks points the network did not see (outside the crop box).
 */
public record Classifier(TextEmbeddings embeddings, String source) {
  /** The label of points the voxelizer rejected. */
  public static final int UNLABELLED = 0xffff;
  static final int UNLABELLED_RGB = 0x000000;

  public Classifier {
    if (embeddings.classes() >= UNLABELLED) throw new IllegalArgumentException(embeddings.classes() + " classes do not fit uint16 labels");
  }

  /** The colour of label ID (0x00RRGGBB). */
  public int rgb(int id) {
    return id == UNLABELLED ? UNLABELLED_RGB : ClassPalette.rgb(id);
  }

  /** The colour of each class (0x00RRGGBB), indexed by label id: looked up per point, computed once per cloud. */
  public int[] colours() {
    int[] c = new int[embeddings.classes()];
    for (int i = 0; i < c.length; i++) c[i] = rgb(i);
    return c;
  }

  /** The LabelMap message of this vocabulary, the unlabelled entry last. */
  public LabelMap labelMap(Header header) {
    List<LabelClass> classes = new ArrayList<>();
    List<String> names = embeddings.labels();
    for (int i = 0; i < names.size(); i++) classes.add(labelClass(i, names.get(i)));
    classes.add(labelClass(UNLABELLED, "unlabelled"));
    return new LabelMap(header, classes);
  }

  private LabelClass labelClass(int id, String name) {
    int c = rgb(id);
    return new LabelClass(id, name, (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff);
  }

  /** Embeddings written by `clip2scene clip embed` (text_embeddings.npy + vocab.json). */
  public static Classifier fromEmbedFolder(Path dir, int networkDim) {
    return checked(TextEmbeddingsFolder.read(dir), "clip embed folder " + dir, networkDim);
  }

  /** Embeddings a model folder carries. */
  public static Classifier fromModel(TextEmbeddings t, Path modelFolder, int networkDim) {
    return checked(t, "model folder " + modelFolder, networkDim);
  }

  /**
   * Random unit embeddings for the classes of VOCABULARY (a bundled name or a file): with random network weights
   * the labels mean nothing, but every stage of the node runs.
   */
  public static Classifier random(String vocabulary, int dim, long seed) {
    Vocabulary v = Vocabulary.resolve(vocabulary);
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] values = new float[v.classes().size() * dim];
    for (int c = 0; c < v.classes().size(); c++) {
      double norm = 0;
      for (int k = 0; k < dim; k++) {
        double g = rnd.nextDouble() * 2 - 1;
        values[c * dim + k] = (float) g;
        norm += g * g;
      }
      for (int k = 0; k < dim; k++) values[c * dim + k] /= (float) Math.sqrt(norm);
    }
    return new Classifier(new TextEmbeddings(v.classes(), dim, values), "random embeddings of " + v.source());
  }

  static Classifier checked(TextEmbeddings t, String source, int networkDim) {
    if (t.dim() != networkDim) {
      throw new IllegalArgumentException(source + ": text embeddings have " + t.dim() + " dims, the network outputs " + networkDim);
    }
    return new Classifier(t, source);
  }
}
