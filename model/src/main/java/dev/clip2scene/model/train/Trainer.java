package dev.clip2scene.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.SparseNetwork;
import dev.clip2scene.model.sparse.ForwardContext;
import dev.clip2scene.model.sparse.Scalars;
import dev.clip2scene.model.sparse.SparseGeometry;
import dev.clip2scene.model.sparse.Weights;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.voxel.VoxelizedBatch;
import dev.clip2scene.model.voxel.Voxelizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The training loop shared by pretraining and fine-tuning: shuffled batches read ahead from a {@link SampleSource},
 * augmentation and targets from the task, one forward pass of the sparse network per batch, the task's loss per
 * sample averaged over the batch, backward, optimizer step at the cosine schedule's rate. After every epoch a
 * checkpoint (network, classifier, optimizer state, epoch and step) is written atomically to
 * {@code MODEL_DIR/checkpoint} through {@link ModelFolder}. An epoch in which no point of any sample had a target
 * (no teacher label, no ground truth) stops the run before its checkpoint: it would have trained on nothing.
 *
 * <p>Randomness comes from generators seeded by (seed, epoch) for the sample order and (seed, step) for
 * everything within a step (augmentations, crops, S3T, dropout), so a resumed run draws exactly what an
 * uninterrupted one would: on CPU with one engine thread, the same weights.
 */
public final class Trainer implements AutoCloseable {
  /** One step's figures. */
  public record StepResult(long step, int epoch, double loss, double semantic, double spatial, double learningRate, int switched,
      long targetedPoints) {}

  /** Hooks for progress, logging and per-epoch work (evaluation, curves). */
  public interface Listener {
    default void started(long step, long totalSteps) {}

    default void step(StepResult r) {}

    default void epoch(int epoch, long step, SparseNetwork network) {}
  }

  private final PretrainConfig config;
  private final TrainingTask task;
  private final SampleSource samples;
  private final long seed;
  private final Path checkpoint;
  private final NDManager manager = NDManager.newBaseManager();
  private final Voxelizer voxelizer;
  private final Timings timings;
  private SparseNetwork network;
  private List<NDArray> parameters;
  private Optimizer optimizer;
  private final Consumer<String> log;
  private int epoch;
  private long step;
  private long skipped;

  public Trainer(PretrainConfig config, NetworkConfig network, TrainingTask task, SampleSource samples, long seed, Path modelDir,
      Path initialWeights, boolean resume, Timings timings, Consumer<String> log) {
    this.config = config;
    this.task = task;
    this.samples = samples;
    this.seed = seed;
    this.timings = timings;
    this.log = log;
    this.checkpoint = modelDir.resolve("checkpoint");
    float[] b = config.data.cropBox;
    this.voxelizer = new Voxelizer(network.voxelSize(), new CropBox(b[0], b[1], b[2], b[3], b[4], b[5]));
    ModelFolder.recover(checkpoint, log);
    boolean fromCheckpoint = resume && Checkpoints.exists(checkpoint);
    if (resume && !fromCheckpoint) log.accept("no checkpoint in " + modelDir + " yet: starting from the beginning");
    Path load = fromCheckpoint ? checkpoint : initialWeights;
    if (load != null) {
      this.network = ModelFolder.load(load, manager, DataType.FLOAT32);
      if (network.outputDim() != this.network.config().outputDim()) {
        throw new IllegalArgumentException(load + " outputs " + this.network.config().outputDim() + "-d features, the classifier has " + network.outputDim());
      }
    } else {
      this.network = SparseNetwork.create(network, new Weights(manager, DataType.FLOAT32, seed));
    }
    this.parameters = new ArrayList<>(this.network.weights().parameters().values());
    List<NDArray> extra = task.extraParameters(manager);
    this.parameters.addAll(extra);
    this.optimizer = Parts.optimizer(manager, config.optim);
    if (fromCheckpoint) {
      Checkpoints.State s = Checkpoints.readState(checkpoint, this.network, extra.size());
      task.restoreExtra(s.extra());
      optimizer.restore(parameters, s.optimizer());
      this.epoch = s.epochsDone();
      this.step = s.step();
      log.accept("resumed from " + checkpoint + " after epoch " + epoch + " (step " + step + ")");
    }
  }

  public SparseNetwork network() {
    return network;
  }

  public int epoch() {
    return epoch;
  }

  public long step() {
    return step;
  }

  /** Steps whose update was skipped for non-finite gradients. */
  public long skippedSteps() {
    return skipped;
  }

  public int stepsPerEpoch() {
    int n = (samples.size() + config.train.batchSize - 1) / config.train.batchSize;
    return config.train.maxStepsPerEpoch > 0 ? Math.min(n, config.train.maxStepsPerEpoch) : n;
  }

  public long totalSteps() {
    return (long) stepsPerEpoch() * config.train.epochs;
  }

  /** Trains from the current epoch to the configured number; checkpoints after each. */
  public void run(Listener listener) throws IOException {
    if (samples.size() == 0) throw new IllegalArgumentException("no training samples");
    CosineSchedule schedule = new CosineSchedule(config.optim.lr, config.optim.minLr, Math.max(1, totalSteps()), config.optim.warmupSteps);
    listener.started(step, totalSteps());
    for (; epoch < config.train.epochs; ) {
      int[] order = epochOrder(epoch);
      long targeted = 0;
      try (SampleStream stream = samples.read(order)) {
        for (int b = 0; b < stepsPerEpoch(); b++) {
          List<Sample> batch = new ArrayList<>();
          for (int i = b * config.train.batchSize; i < Math.min(order.length, (b + 1) * config.train.batchSize); i++) {
            Sample s = stream.next();
            if (s != null) batch.add(s);
          }
          double lr = schedule.rate(step);
          StepResult r = trainStep(batch, lr);
          targeted += r.targetedPoints();
          listener.step(r);
        }
      }
      if (targeted == 0) {
        throw new IllegalStateException("epoch " + (epoch + 1) + ": no point of any sample had a target (a teacher label or ground truth), so "
            + "nothing was learnt and no checkpoint is written" + (samples.skipped().total() > 0 ? "; left out: " + samples.skipped().summary() : ""));
      }
      epoch++;
      long t0 = System.nanoTime();
      Checkpoints.write(checkpoint, network, task.classifier(), optimizer.snapshot(), task.extraParameters(manager), epoch, step);
      timings.add("checkpoint", System.nanoTime() - t0);
      listener.epoch(epoch, step, network);
    }
  }

  /** The samples epoch E reads, in order: a seeded shuffle of all, cut to the steps of an epoch. */
  private int[] epochOrder(int e) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) order.add(i);
    Collections.shuffle(order, new Random(mix(seed, 1_000_000_007L + e)));
    int n = Math.min(order.size(), stepsPerEpoch() * config.train.batchSize);
    return order.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
  }

  /** One optimisation step on BATCH at rate LR (an empty batch, whose samples could not be read, only counts). */
  StepResult trainStep(List<Sample> batch, double lr) {
    Random random = new Random(mix(seed, step));
    List<PreparedSample> prepared = new ArrayList<>();
    long targeted = 0;
    for (Sample s : batch) {
      PreparedSample p = task.prepare(s, random);
      for (int t : p.targets()) if (t != PseudoLabels.IGNORE) targeted++;
      prepared.add(p);
    }
    if (prepared.isEmpty()) {
      log.accept("step " + step + ": none of its samples could be read, update skipped");
      return new StepResult(step++, epoch, 0, 0, 0, lr, 0, 0);
    }
    List<PointCloud> clouds = new ArrayList<>();
    for (PreparedSample p : prepared) clouds.add(new PointCloud(p.cloud(), Sample.STRIDE));
    long tv = System.nanoTime();
    VoxelizedBatch vb = voxelizer.voxelize(clouds);
    timings.add("voxelize", System.nanoTime() - tv);
    double loss;
    double semantic = 0;
    double spatial = 0;
    int switched = 0;
    boolean update = false;
    try (NDManager call = manager.newSubManager()) {
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      long t1 = System.nanoTime();
      ForwardContext ctx = new ForwardContext(call, true, new SparseGeometry(vb), DataType.FLOAT32, mix(seed, step) ^ 0x5DEECE66DL);
      NDArray features = vb.pointCount() == 0 ? null : network.forward(ctx);
      long t2 = System.nanoTime();
      timings.add("forward", t2 - t1);
      NDArray total = null;
      int p = 0;
      int start = 0;
      for (int s = 0; s < prepared.size(); s++) {
        PreparedSample ps = prepared.get(s);
        int from = p;
        while (p < vb.pointCount() && vb.kept()[p] < start + ps.pointCount()) p++;
        int n = p - from;
        if (n > 0) {
          int[] kept = new int[n];
          float[] xyz = new float[n * 3];
          for (int i = 0; i < n; i++) {
            kept[i] = vb.kept()[from + i] - start;
            System.arraycopy(ps.cloud(), kept[i] * Sample.STRIDE, xyz, i * 3, 3);
          }
          NDArray f = features.get(new NDIndex(from + ":" + p));
          PretrainObjective.Terms terms = task.loss(call, f, kept, xyz, ps, epoch, random);
          semantic += terms.semantic().getFloat() / prepared.size();
          spatial += terms.spatial().getFloat() / prepared.size();
          switched += terms.switched();
          total = total == null ? terms.total() : total.add(terms.total());
        }
        start += ps.pointCount();
      }
      long t3 = System.nanoTime();
      timings.add("losses", t3 - t2);
      if (total == null) {
        loss = 0; // nothing kept in the crop: skip the update, keep the schedule
      } else {
        total = total.div(Scalars.of(total, prepared.size()));
        loss = total.getFloat();
        if (!Double.isFinite(loss)) {
          boolean finiteFeatures = features.isInfinite().logicalOr(features.isNaN()).none().getBoolean();
          throw new IllegalStateException("loss became " + loss + " at step " + step + " (semantic " + semantic + ", spatial " + spatial
              + (finiteFeatures ? "; point features finite" : "; point features not finite") + "): lower the learning rate?");
        }
        gc.backward(total);
        timings.add("backward", System.nanoTime() - t3);
        update = true;
      }
      }
      if (update) {
        long t4 = System.nanoTime();
        if (Gradients.allFinite(parameters)) {
          optimizer.step(parameters, lr); // outside the collector: in-place updates must not be recorded
        } else {
          Gradients.zero(parameters);
          skipped++;
          log.accept("step " + step + ": non-finite gradients (loss " + loss + "), update skipped");
        }
        timings.add("optimizer", System.nanoTime() - t4);
      }
    }
    StepResult r = new StepResult(step, epoch, loss, semantic, spatial, lr, switched, targeted);
    step++;
    return r;
  }

  /** A 64-bit mix of two numbers (SplitMix64's finaliser), for per-step seeds. */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public Map<String, Double> timings() {
    return timings.seconds();
  }

  @Override
  public void close() {
    optimizer.close();
    task.close();
    manager.close();
  }
}
