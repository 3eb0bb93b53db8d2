package dev.clip2scene.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import dev.clip2scene.model.voxel.Voxelizer;
import java.nio.file.Path;
import java.util.List;

/**
 * Inference through DJL's autograd path in eval mode, where the CPU engine cannot run (no Vector API) or was
 * declined (-Dclip2scene.inference=djl). Each call runs in its own NDManager scope, released on return.
 */
public final class DjlSegmenter implements Segmenter {
  private final NDManager manager;
  private final SparseNetwork network;
  private final Voxelizer voxelizer;
  private StageTimes last = StageTimes.NONE;

  private DjlSegmenter(NDManager manager, SparseNetwork network, CropBox crop) {
    this.manager = manager;
    this.network = network;
    this.voxelizer = new Voxelizer(network.config().voxelSize(), crop);
  }

  /** Loads a model folder's network on DJL (float32, default device). */
  public static DjlSegmenter load(Path modelFolder, CropBox crop) {
    NDManager m = NDManager.newBaseManager();
    try {
      return new DjlSegmenter(m, ModelFolder.load(modelFolder, m, DataType.FLOAT32), crop);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** Wraps a network already built (its weights stay owned by their creator). */
  public static DjlSegmenter of(SparseNetwork network, CropBox crop) {
    return new DjlSegmenter(network.weights().manager().newSubManager(), network, crop);
  }

  @Override
  public NetworkConfig config() {
    return network.config();
  }

  @Override
  public String backend() {
    return "djl (" + manager.getDevice() + ")";
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
    float[] kept;
    try (NDManager call = manager.newSubManager()) {
      kept = run(call, batch).toType(DataType.FLOAT32, false).toFloatArray();
    }
    last = new StageTimes(0, t1 - t0, 0, System.nanoTime() - t1, 0, 0);
    return BatchResults.features(batch, clouds, kept, network.config().outputDim());
  }

  @Override
  public List<Segmentation> segment(List<PointCloud> clouds, TextEmbeddings text) {
    BatchResults.requireDims(text, network.config());
    long t0 = System.nanoTime();
    VoxelizedBatch batch = voxelizer.voxelize(clouds);
    long t1 = System.nanoTime();
    int[] label;
    float[] score;
    long t2;
    try (NDManager call = manager.newSubManager()) {
      NDArray features = run(call, batch);
      t2 = System.nanoTime();
      NDArray t = call.create(text.values(), new Shape(text.classes(), text.dim())).toType(features.getDataType(), false);
      NDArray logits = features.matMul(t.transpose());
      label = toInts(logits.argMax(1));
      score = logits.softmax(1).max(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray();
    }
    last = new StageTimes(0, t1 - t0, 0, t2 - t1, System.nanoTime() - t2, 0);
    return BatchResults.segmentations(batch, clouds, label, score);
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
    manager.close();
  }
}
