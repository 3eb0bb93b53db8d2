package dev.clip2scene.nodes.perception.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/** The perception pipeline's counters and recent timings, shared between its threads. */
public final class NodeStats {
  private static final int WINDOW = 256;

  final AtomicLong processed = new AtomicLong();
  final AtomicLong nonFinitePoints = new AtomicLong();
  final AtomicLong cloudsWithoutIntensity = new AtomicLong();
  final AtomicLong tfFailures = new AtomicLong();
  final AtomicLong badClouds = new AtomicLong();
  final AtomicLong vocabularyUpdates = new AtomicLong();
  final AtomicLong vocabularyErrors = new AtomicLong();
  final AtomicLong inferenceErrors = new AtomicLong();
  final AtomicLong outputErrors = new AtomicLong();
  final AtomicLong badTfMessages = new AtomicLong();
  private final CloudTiming[] recent = new CloudTiming[WINDOW];
  private long recorded;
  private String lastProblem = "";

  synchronized void record(CloudTiming t) {
    recent[(int) (recorded++ % WINDOW)] = t;
    processed.incrementAndGet();
  }

  /** Remembers MESSAGE as the last problem (diagnostics show it). */
  public synchronized void problem(String message) {
    lastProblem = message;
  }

  public synchronized String lastProblem() {
    return lastProblem;
  }

  /** The last (up to 256) processed clouds' timings, oldest first. */
  public synchronized List<CloudTiming> recent() {
    List<CloudTiming> out = new ArrayList<>();
    long from = Math.max(0, recorded - WINDOW);
    for (long i = from; i < recorded; i++) out.add(recent[(int) (i % WINDOW)]);
    return out;
  }

  public long processed() {
    return processed.get();
  }

  public long nonFinitePoints() {
    return nonFinitePoints.get();
  }

  public long cloudsWithoutIntensity() {
    return cloudsWithoutIntensity.get();
  }

  public long tfFailures() {
    return tfFailures.get();
  }

  public long badClouds() {
    return badClouds.get();
  }

  /** Clouds that failed in any other way (an exception while processing them). */
  public long inferenceErrors() {
    return inferenceErrors.get();
  }

  /** Semantic clouds or overlays the output refused. */
  public long outputErrors() {
    return outputErrors.get();
  }

  /** /tf and /tf_static messages that could not be used. */
  public long badTfMessages() {
    return badTfMessages.get();
  }

  /** Counts a /tf or /tf_static message that could not be used. */
  public void countBadTf() {
    badTfMessages.incrementAndGet();
  }

  /** Counts a vocabulary update that was refused. */
  public void countVocabularyError() {
    vocabularyErrors.incrementAndGet();
  }

  public long vocabularyUpdates() {
    return vocabularyUpdates.get();
  }

  public long vocabularyErrors() {
    return vocabularyErrors.get();
  }

  /** The P-th percentile (nearest rank) of F over TIMINGS; NaN when empty. */
  public static double percentile(List<CloudTiming> timings, ToDoubleFunction<CloudTiming> f, double p) {
    if (timings.isEmpty()) return Double.NaN;
    double[] v = timings.stream().mapToDouble(f).sorted().toArray();
    int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, i))];
  }
}
