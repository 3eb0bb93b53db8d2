package dev.clip2scene.model.train;

import ai.djl.ndarray.NDManager;
import dev.clip2scene.model.loss.SelfTraining;
import dev.clip2scene.model.net.NetworkConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The swappable parts of a training run, each chosen by name from one table: the config names a part, the table
 * builds it, and an unknown name fails with the choices listed. Adding a part is adding a row.
 */
public final class Parts {
  /** The choices for one config key, in the order they are listed to users. */
  public record Table<T>(String key, Map<String, T> choices) {
    public Table {
      choices = Collections.unmodifiableMap(new LinkedHashMap<>(choices));
    }

    /** The part NAME names (case-insensitive; YAML 1.1 reads a bare {@code off} as false, so false means off). */
    public T get(String name) {
      String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
      if (n.equals("false") && choices.containsKey("off")) n = "off";
      T part = choices.get(n);
      if (part == null) throw new IllegalArgumentException(key + " must be one of " + String.join(", ", choices.keySet()) + ", not " + name);
      return part;
    }

    /** This table with one more choice. */
    public Table<T> with(String name, T part) {
      Map<String, T> m = new LinkedHashMap<>(choices);
      m.put(name, part);
      return new Table<>(key, m);
    }

    public static <T> Table<T> of(String key) {
      return new Table<>(key, Map.of());
    }
  }

  /** Builds an optimizer over a manager from the optim section. */
  public interface OptimizerFactory {
    Optimizer create(NDManager manager, PretrainConfig.Optim settings);
  }

  /** Builds the teacher and text embeddings from the teacher section; teacher outputs are cached under CACHE_DIR. */
  public interface TeacherFactory {
    TeacherSetup create(PretrainConfig.TeacherSettings settings, Path cacheDir) throws IOException;
  }

  public static final Table<Supplier<NetworkConfig>> NETWORKS = new Table<>("network.preset", NetworkConfig.PRESETS);

  public static final Table<OptimizerFactory> OPTIMIZERS = Table.<OptimizerFactory>of("optim.optimizer")
      .with("sgd", (m, o) -> new Sgd(m, o.momentum, o.dampening, o.weightDecay))
      .with("adamw", (m, o) -> new AdamW(m, o.betas[0], o.betas[1], o.epsilon, o.weightDecay));

  public static final Table<PretrainObjective.Semantic> SEMANTIC_LOSSES = Table.<PretrainObjective.Semantic>of("loss.semantic")
      .with("cross_entropy", PretrainObjective.Semantic.CROSS_ENTROPY)
      .with("contrastive", PretrainObjective.Semantic.CONTRASTIVE);

  public static final Table<PretrainObjective.Spatial> SPATIAL_LOSSES = Table.<PretrainObjective.Spatial>of("loss.spatial")
      .with("reference", PretrainObjective.Spatial.REFERENCE)
      .with("paper", PretrainObjective.Spatial.PAPER)
      .with("off", PretrainObjective.Spatial.OFF);

  /** Switchable self-training: switching per batch (reference) or per point (paper), or off (null). */
  public static final Table<Function<PretrainConfig.Loss, SelfTraining>> SELF_TRAINING = Table.<Function<PretrainConfig.Loss, SelfTraining>>of("loss.s3t")
      .with("batch", l -> new SelfTraining(l.s3tStartEpoch, l.s3tProbability, SelfTraining.Granularity.BATCH))
      .with("point", l -> new SelfTraining(l.s3tStartEpoch, l.s3tProbability, SelfTraining.Granularity.POINT))
      .with("off", l -> null);

  public static final Table<TeacherFactory> TEACHERS = Table.<TeacherFactory>of("teacher.kind")
      .with("maskclip", TeacherSetup::maskClip)
      .with("precomputed", TeacherSetup::precomputed);

  /** How MaskCLIP sees images: each whole image once, before training (true), or a random crop per step (the reference). */
  public static final Table<Boolean> TEACHER_PASSES = Table.<Boolean>of("teacher.pass").with("image", true).with("crop", false);

  private Parts() {}

  /** Fails on the first part a config names that no table has, before any work starts. */
  public static void check(PretrainConfig c) {
    NETWORKS.get(c.network.preset);
    OPTIMIZERS.get(c.optim.optimizer);
    SEMANTIC_LOSSES.get(c.loss.semantic);
    SPATIAL_LOSSES.get(c.loss.spatial);
    SELF_TRAINING.get(c.loss.s3t);
    TEACHERS.get(c.teacher.kind);
    TEACHER_PASSES.get(c.teacher.pass);
  }

  public static PretrainObjective.Settings objective(PretrainConfig.Loss l) {
    return new PretrainObjective.Settings(SEMANTIC_LOSSES.get(l.semantic), l.tau, SPATIAL_LOSSES.get(l.spatial), l.cellSize, l.cellCapacity,
        SELF_TRAINING.get(l.s3t).apply(l));
  }

  /** The preset with the config's overrides; intensity input; output size = the classifier's (text) dimension. */
  public static NetworkConfig network(PretrainConfig.Network n, int outputDim) {
    NetworkConfig c = NETWORKS.get(n.preset).get().withInputFeatures(List.of("intensity")).withOutputDim(outputDim);
    if (n.widths != null) c = c.withWidths(n.widths);
    if (n.blocks != null) c = c.withBlocks(n.blocks);
    if (n.voxelSize != null) {
      c = new NetworkConfig(c.architecture(), c.widths(), c.blocks(), n.voxelSize, c.inputFeatures(), c.outputDim(), c.stemKernel(), c.dropout(), c.interpolation());
    }
    return c;
  }

  public static Optimizer optimizer(NDManager manager, PretrainConfig.Optim o) {
    return OPTIMIZERS.get(o.optimizer).create(manager, o);
  }
}
