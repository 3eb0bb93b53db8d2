package dev.clip2scene.nodes.demo;

import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.PseudoLabelling;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.model.train.SkippedSamples;
import dev.clip2scene.model.train.TeacherSetup;
import dev.clip2scene.model.train.Timings;
import dev.clip2scene.nodes.pretrain.SampleLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A simulated street no model trained on, ready for scoring: each sweep's points in the order of its cloud, the
 * simulator's ground truth, and the simulated teacher's labels projected to the points its cameras see (IGNORE
 * elsewhere). Scores compare predictions with the truth on all points and on the teacher's points only, where the
 * teacher itself can be scored: the fair comparison of student and teacher.
 */
public final class HeldOutStreet {
  /** One sweep: XYZI points (as in its cloud), ground-truth and teacher labels per point (IGNORE: none). */
  public record Sweep(long stampNs, float[] xyzi, int[] truth, int[] teacher) {
    public int size() {
      return truth.length;
    }
  }

  /** A model's figures: confusion on all points and on the points the teacher labels. */
  public record Score(ConfusionMatrix everywhere, ConfusionMatrix onTeacherPoints) {}

  private final List<Sweep> sweeps;
  private final int classes;

  private HeldOutStreet(List<Sweep> sweeps, int classes) {
    this.sweeps = Collections.unmodifiableList(sweeps);
    this.classes = classes;
  }

  /** The sweeps of BAG with the teacher labels STUDY exported for it ({@link SimStudy#teacher} must have run). */
  public static HeldOutStreet read(SimStudy study, Path bag) throws IOException {
    PretrainConfig c = study.pretrainConfig(bag, 1, 1, 1);
    c.data.minRangeM = 0; // every point of the cloud, so that sweep points and published points pair by index
    List<Sweep> sweeps = new ArrayList<>();
    try (TeacherSetup setup = TeacherSetup.create(c.teacher, study.dir().resolve(bag.getFileName() + "-cache"))) {
      PseudoLabelling labelling = new PseudoLabelling(setup.teacher(), setup.view(), c.data.minRangeM, new Timings(), new SkippedSamples());
      for (Sample s : SampleLoader.loadAll(List.of(bag), c.data, w -> { })) {
        int n = s.keyframePoints();
        int[] truth = Arrays.copyOf(s.labels(), n);
        int[] teacher = Arrays.copyOf(labelling.label(s, new Random(0), null, 0), n);
        sweeps.add(new Sweep(s.stampNs(), Arrays.copyOf(s.points(), n * Sample.STRIDE), truth, teacher));
      }
    }
    return new HeldOutStreet(sweeps, study.classes().size());
  }

  public List<Sweep> sweeps() {
    return sweeps;
  }

  /** The teacher's labels against the truth, on the points it labels. */
  public ConfusionMatrix teacherScore() {
    ConfusionMatrix m = new ConfusionMatrix(classes, PseudoLabels.IGNORE);
    for (Sweep s : sweeps) {
      int[] truth = s.truth().clone();
      int[] predicted = s.teacher().clone();
      for (int i = 0; i < truth.length; i++) {
        if (predicted[i] == PseudoLabels.IGNORE) {
          truth[i] = PseudoLabels.IGNORE;
          predicted[i] = 0;
        }
      }
      m.add(truth, predicted);
    }
    return m;
  }

  /** An empty score to {@link #add} sweeps to. */
  public Score newScore() {
    return new Score(new ConfusionMatrix(classes, PseudoLabels.IGNORE), new ConfusionMatrix(classes, PseudoLabels.IGNORE));
  }

  /**
   * Adds PREDICTED (one label per point of SWEEP; a value outside [0, classes) means the model did not label the
   * point, e.g. outside its crop box) to SCORE; such points count nowhere. Returns how many labelled points it left out.
   */
  public long add(Score score, Sweep sweep, int[] predicted) {
    if (predicted.length != sweep.size()) {
      throw new IllegalArgumentException(predicted.length + " predictions for the " + sweep.size() + " points of the sweep at " + sweep.stampNs() + " ns");
    }
    int[] p = predicted.clone();
    int[] truth = sweep.truth().clone();
    int[] seen = sweep.truth().clone();
    long unlabelled = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] < 0 || p[i] >= classes) {
        if (truth[i] != PseudoLabels.IGNORE) unlabelled++;
        p[i] = 0;
        truth[i] = PseudoLabels.IGNORE;
      }
      if (truth[i] == PseudoLabels.IGNORE || sweep.teacher()[i] == PseudoLabels.IGNORE) seen[i] = PseudoLabels.IGNORE;
    }
    score.everywhere().add(truth, p);
    score.onTeacherPoints().add(seen, p);
    return unlabelled;
  }

  /** Labelled points in all sweeps, and those the teacher labels. */
  public long points(boolean teacherOnly) {
    long n = 0;
    for (Sweep s : sweeps) {
      for (int i = 0; i < s.size(); i++) {
        if (s.truth()[i] != PseudoLabels.IGNORE && (!teacherOnly || s.teacher()[i] != PseudoLabels.IGNORE)) n++;
      }
    }
    return n;
  }
}
