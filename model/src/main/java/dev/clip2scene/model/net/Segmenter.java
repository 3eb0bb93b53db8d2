package dev.clip2scene.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.clip2scene.model.infer.CpuEngine;
import dev.clip2scene.model.infer.FeatureRows;
import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.FusedPass;
import dev.clip2scene.model.infer.RowArena;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import dev.clip2scene.model.voxel.Voxelizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference for the perception node: clouds (x, y, z, then the network's input features) in, per-point
 * features, or labels and scores against text embeddings, out. Each call runs in its own NDManager scope, so
 * all native memory of a call is released when it returns; the weights live until {@link #close}.
 *
 * <p>On a CPU with float32 weights and the JDK Vector API present ({@code --add-modules jdk.incubator.vector}),
 * inference runs on the {@link CpuEngine} with batch norm folded into the convolutions, from a snapshot of the
 * weights taken here; otherwise (GPU, float16, no Vector API, or {@code -Dclip2scene.inference=djl}) through DJL.
 *
 * <p>Labels follow METHOD.md: argmax over classes of the dot product of the (unnormalised) point feature with
 * each text embedding. Scores are the softmax probability of that class over those dot products.
 */
public final class Segmenter implements AutoCloseable {
  private final NDManager manager;
  private final SparseNetwork network;
  private final Voxelizer voxelizer;
  private final CpuEngine engine;
  private final FusedNetwork fused;
  private final RowArena arena;
  private final TextEmbeddings folderText;
  // the classification layer of the last text embeddings seen: built once per vocabulary, not per cloud
  private TextEmbeddings headText;
  private FoldedConv head;

  private Segmenter(NDManager manager, SparseNetwork network, CropBox crop, TextEmbeddings folderText) {
    this.manager = manager;
    this.network = network;
    this.folderText = folderText;
    this.voxelizer = new Voxelizer(network.config().voxelSize(), crop);
    boolean cpu = network.weights().dtype() == DataType.FLOAT32 && !manager.getDevice().isGpu()
        && CpuEngine.available() && !"djl".equals(System.getProperty("clip2scene.inference"));
    this.engine = cpu ? CpuEngine.defaultEngine() : null;
    this.fused = cpu ? network.fuse() : null;
    this.arena = cpu ? new RowArena() : null;
  }

  /** "cpu-engine (N threads)" or "djl (device)": where inference runs. */
  public String backend() {
    return fused != null ? "cpu-engine (" + engine.threads() + " threads)" : "djl (" + manager.getDevice() + ")";
  }

  /** Loads a model folder for float32 inference on the default device (the folder is read and verified once). */
  public static Segmenter load(Path modelFolder, CropBox crop) {
    NDManager m = NDManager.newBaseManager();
    try {
      ModelFolder.Contents contents = ModelFolder.read(modelFolder);
      return new Segmenter(m, ModelFolder.load(modelFolder, contents, m, DataType.FLOAT32), crop, contents.text());
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** Wraps a network already built (its weights stay owned by their creator). */
  public static Segmenter of(SparseNetwork network, CropBox crop) {
    return new Segmenter(network.weights().manager().newSubManager(), network, crop, null);
  }

  /** The text embeddings of the model folder this was loaded from; null when it has none or was built in memory. */
  public TextEmbeddings modelText() {
    return folderText;
  }

  public NetworkConfig config() {
    return network.config();
  }

  /** The manager owning per-call scopes; its array count stays constant across calls. */
  public NDManager manager() {
    return manager;
  }

  public PointFeatures features(PointCloud cloud) {
    return features(List.of(cloud)).get(0);
  }

  public List<PointFeatures> features(List<PointCloud> clouds) {
    VoxelizedBatch batch = voxelizer.voxelize(clouds);
    int dim = network.config().outputDim();
    float[] kept;
    if (fused != null) {
      kept = runFused(batch).values();
    } else {
      try (NDManager call = manager.newSubManager()) {
        kept = run(call, batch).toType(DataType.FLOAT32, false).toFloatArray();
      }
    }
    List<PointFeatures> out = new ArrayList<>();
    int start = 0;
    int p = 0;
    for (PointCloud c : clouds) {
      float[] values = new float[c.size() * dim];
      boolean[] mask = new boolean[c.size()];
      for (; p < batch.pointCount() && batch.kept()[p] < start + c.size(); p++) {
        int i = batch.kept()[p] - start;
        mask[i] = true;
        System.arraycopy(kept, p * dim, values, i * dim, dim);
      }
      out.add(new PointFeatures(c.size(), dim, values, mask));
      start += c.size();
    }
    if (arena != null) arena.recycle(); // kept is copied out: the pass's arrays may be reused
    return out;
  }

  public Segmentation segment(PointCloud cloud, TextEmbeddings text) {
    return segment(List.of(cloud), text).get(0);
  }

  /** Segments clouds as one batch (one forward pass). */
  public List<Segmentation> segment(List<PointCloud> clouds, TextEmbeddings text) {
    return segment(voxelizer.voxelize(clouds), clouds.stream().mapToInt(PointCloud::size).toArray(), text, null);
  }

  /** The first step of {@link #segment(VoxelizedBatch, TextEmbeddings)}, apart so that a caller can time it. */
  public VoxelizedBatch voxelize(PointCloud cloud) {
    return voxelizer.voxelize(cloud);
  }

  /** Segments one cloud voxelized by {@link #voxelize(PointCloud)}. */
  public Segmentation segment(VoxelizedBatch cloud, TextEmbeddings text) {
    return segment(cloud, new int[] {cloud.inputPoints()}, text, null).get(0);
  }

  /** Receives one point's network feature: the dim floats of VALUES from OFFSET, valid during the call only. */
  public interface PointFeatureConsumer {
    void accept(int j, float[] values, int offset);
  }

  /**
   * Segments one cloud voxelized by {@link #voxelize(PointCloud)} and hands EACH the network's feature of every point
   * POINTS[j] (indices into the cloud), j &lt; COUNT, that the voxelizer kept: for fusing with image features
   * without copying every point's feature.
   */
  public Segmentation segment(VoxelizedBatch cloud, TextEmbeddings text, int[] points, int count, PointFeatureConsumer each) {
    if (count < 0 || count > points.length) throw new IllegalArgumentException(count + " of " + points.length + " points");
    int dim = network.config().outputDim();
    int[] row = new int[cloud.inputPoints()];
    java.util.Arrays.fill(row, -1);
    for (int p = 0; p < cloud.pointCount(); p++) row[cloud.kept()[p]] = p;
    return segment(cloud, new int[] {cloud.inputPoints()}, text, (values, offset) -> {
      for (int j = 0; j < count; j++) {
        int r = row[points[j]];
        if (r >= 0) each.accept(j, values, offset + r * dim);
      }
    }).get(0);
  }

  /** Receives the kept points' features (row-major, dim per row, starting at OFFSET) while they are valid. */
  private interface FeatureSink {
    void accept(float[] values, int offset);
  }

  private List<Segmentation> segment(VoxelizedBatch batch, int[] cloudSizes, TextEmbeddings text, FeatureSink sink) {
    if (text.dim() != network.config().outputDim()) {
      throw new IllegalArgumentException("text embeddings have " + text.dim() + " dims, the network outputs " + network.config().outputDim());
    }
    int[] label;
    float[] score;
    if (fused != null) {
      FeatureRows logits = logits(batch, text, sink);
      label = new int[logits.rows()];
      score = new float[logits.rows()];
      best(logits, label, score);
      arena.recycle();
    } else try (NDManager call = manager.newSubManager()) {
      NDArray features = run(call, batch);
      if (sink != null) sink.accept(features.toType(DataType.FLOAT32, false).toFloatArray(), 0);
      NDArray t = call.create(text.values(), new Shape(text.classes(), text.dim())).toType(features.getDataType(), false);
      NDArray logits = features.matMul(t.transpose());
      label = toInts(logits.argMax(1));
      score = logits.softmax(1).max(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray();
    }
    List<Segmentation> out = new ArrayList<>();
    int start = 0;
    int p = 0;
    for (int size : cloudSizes) {
      int[] labels = new int[size];
      float[] scores = new float[size];
      java.util.Arrays.fill(labels, -1);
      int keptHere = 0;
      for (; p < batch.pointCount() && batch.kept()[p] < start + size; p++) {
        int i = batch.kept()[p] - start;
        labels[i] = label[p];
        scores[i] = score[p];
        keptHere++;
      }
      out.add(new Segmentation(labels, scores, size - keptHere));
      start += size;
    }
    return out;
  }

  private FeatureRows runFused(VoxelizedBatch batch) {
    if (batch.pointCount() == 0) return FeatureRows.zeros(0, network.config().outputDim());
    return fused.forward(new FusedPass(engine, new SparseGeometry(batch), arena));
  }

  /** Point features times the text embeddings, as a dense layer on the engine; SINK (may be null) sees the features. */
  private FeatureRows logits(VoxelizedBatch batch, TextEmbeddings text, FeatureSink sink) {
    if (batch.pointCount() == 0) return FeatureRows.zeros(0, text.classes());
    FusedPass pass = new FusedPass(engine, new SparseGeometry(batch), arena);
    FeatureRows features = fused.forward(pass);
    if (sink != null) sink.accept(features.values(), 0);
    return pass.dense(head(text), features);
  }

  /** The classification layer of TEXT: rebuilt only when the embeddings change (a new vocabulary). */
  private synchronized FoldedConv head(TextEmbeddings text) {
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
  private static void best(FeatureRows logits, int[] label, float[] score) {
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

  private NDArray run(NDManager call, VoxelizedBatch batch) {
    if (batch.pointCount() == 0) return call.zeros(new Shape(0, network.config().outputDim()), network.weights().dtype());
    ForwardContext ctx = new ForwardContext(call, false, new SparseGeometry(batch), network.weights().dtype(), 0);
    return network.forward(ctx);
  }

  private static int[] toInts(NDArray a) {
    long[] l = a.toType(DataType.INT64, false).toLongArray();
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
    return out;
  }

  @Override
  public void close() {
    if (engine != null) engine.close();
    manager.close();
  }
}
