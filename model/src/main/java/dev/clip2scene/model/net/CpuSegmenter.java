package dev.clip2scene.model.net;

import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.infer.FeatureRows;
import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.FusedPass;
import dev.clip2scene.model.infer.RowArena;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import dev.clip2scene.model.voxel.Voxelizer;
import java.util.List;

/**
 * The CPU engine behind {@link Segmenter}: voxelization and kernel maps in Java, the folded network on the engine's
 * threads with arrays reused from call to call. Owns the engine (its threads end at {@link #close}).
 */
public final class CpuSegmenter implements Segmenter {
  private final FusedNetwork network;
  private final Voxelizer voxelizer;
  private final CpuEngine engine;
  private final RowArena arena = new RowArena();
  private StageTimes last = StageTimes.NONE;
  // the classification layer of the last text embeddings seen: built once per vocabulary, not per cloud
  private TextEmbeddings headText;
  private FoldedConv head;

  public CpuSegmenter(FusedNetwork network, CropBox crop, CpuEngine engine) {
    this.network = network;
    this.voxelizer = new Voxelizer(network.config().voxelSize(), crop);
    this.engine = engine;
  }

  /** Whether this JVM can run the engine: it has the Vector API and no one asked for DJL (-Dclip2scene.inference=djl). */
  public static boolean usable() {
    return CpuEngine.available() && !"djl".equals(System.getProperty("clip2scene.inference"));
  }

  @Override
  public NetworkConfig config() {
    return network.config();
  }

  @Override
  public String backend() {
    return "cpu-engine (" + engine.threads() + " threads)";
  }

  @Override
  public StageTimes lastTimes() {
    return last;
  }

  @Override
  public List<PointFeatures> features(List<PointCloud> clouds) {
    long t0 = System.nanoTime();
    VoxelizedBatch batch = voxelizer.voxelize(clouds);
    long t1 = System.nanoTime();
    try {
      FeatureRows rows = forward(batch);
      long t2 = System.nanoTime();
      last = new StageTimes(0, t1 - t0, 0, t2 - t1, 0, 0);
      return BatchResults.features(batch, clouds, rows.values(), network.config().outputDim());
    } finally {
      arena.recycle(); // the features are copied out: the pass's arrays may be reused
    }
  }

  @Override
  public List<Segmentation> segment(List<PointCloud> clouds, TextEmbeddings text) {
    return segment(clouds, text, null);
  }

  @Override
  public Segmentation segment(PointCloud cloud, TextEmbeddings text, int[] points, int count, PointFeatureConsumer each) {
    if (count < 0 || count > points.length) throw new IllegalArgumentException(count + " of " + points.length + " points");
    int dim = network.config().outputDim();
    return segment(List.of(cloud), text, (batch, values) -> {
      int[] row = new int[cloud.size()];
      java.util.Arrays.fill(row, -1);
      for (int p = 0; p < batch.pointCount(); p++) row[batch.kept()[p]] = p;
      for (int j = 0; j < count; j++) {
        int r = row[points[j]];
        if (r >= 0) each.accept(j, values, r * dim);
      }
    }).get(0);
  }

  /** Sees the kept points' features (row-major, dim per kept point) while they are valid. */
  private interface FeatureSink {
    void accept(VoxelizedBatch batch, float[] values);
  }

  private List<Segmentation> segment(List<PointCloud> clouds, TextEmbeddings text, FeatureSink sink) {
    BatchResults.requireDims(text, network.config());
    long t0 = System.nanoTime();
    VoxelizedBatch batch = voxelizer.voxelize(clouds);
    long t1 = System.nanoTime();
    try {
      int[] label;
      float[] score;
      long t2;
      if (batch.pointCount() == 0) {
        label = new int[0];
        score = new float[0];
        t2 = t1;
      } else {
        FusedPass pass = new FusedPass(engine, new SparseGeometry(batch), arena);
        FeatureRows features = network.forward(pass);
        t2 = System.nanoTime();
        if (sink != null) sink.accept(batch, features.values());
        FeatureRows logits = pass.dense(head(text), features);
        label = new int[logits.rows()];
        score = new float[logits.rows()];
        best(logits, label, score);
      }
      last = new StageTimes(0, t1 - t0, 0, t2 - t1, System.nanoTime() - t2, 0);
      return BatchResults.segmentations(batch, clouds, label, score);
    } finally {
      arena.recycle();
    }
  }

  private FeatureRows forward(VoxelizedBatch batch) {
    if (batch.pointCount() == 0) return FeatureRows.zeros(0, network.config().outputDim());
    return network.forward(new FusedPass(engine, new SparseGeometry(batch), arena));
  }

  /** The text embeddings as a dense layer (logits = features x text^T), rebuilt only for a new vocabulary. */
  private FoldedConv head(TextEmbeddings text) {
    if (text != headText) {
      int d = text.dim();
      int c = text.classes();
      float[] transposed = new float[d * c];
      for (int k = 0; k < c; k++) for (int i = 0; i < d; i++) transposed[i * c + k] = text.values()[k * d + i];
      head = new FoldedConv(1, d, c, transposed, new float[c], false);
      headText = text;
    }
    return head;
  }

  /** Per row: argmax, and the softmax probability there. */
  static void best(FeatureRows logits, int[] label, float[] score) {
    int c = logits.cols();
    float[] v = logits.values();
    for (int r = 0; r < logits.rows(); r++) {
      int o = r * c;
      int arg = 0;
      for (int k = 1; k < c; k++) if (v[o + k] > v[o + arg]) arg = k;
      double sum = 0;
      for (int k = 0; k < c; k++) sum += Math.exp(v[o + k] - v[o + arg]);
      label[r] = arg;
      score[r] = (float) (1 / sum);
    }
  }

  @Override
  public void close() {
    engine.close();
  }
}
