package dev.clip2scene.model.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A numbered set of training samples, read on demand (from bags through a sample index, or from memory), so that a
 * run holds only the samples it is working on. Samples that cannot be built are skipped and counted in
 * {@link #skipped()}.
 */
public interface SampleSource extends AutoCloseable {
  int size();

  /** Whether sample I carries ground-truth labels, known without reading it. */
  boolean labelled(int i);

  /** The samples ORDER names, in that order, read ahead of the consumer. */
  SampleStream read(int[] order);

  /** Samples (and parts of samples) left out so far, and why. */
  SkippedSamples skipped();

  /** The indices of the labelled samples, ascending. */
  default int[] labelledIndices() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < size(); i++) if (labelled(i)) out.add(i);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  default void close() {}

  /** Samples in memory (tests, benchmarks). */
  static SampleSource of(List<Sample> samples) {
    SkippedSamples skipped = new SkippedSamples();
    return new SampleSource() {
      @Override
      public int size() {
        return samples.size();
      }

      @Override
      public boolean labelled(int i) {
        return samples.get(i).labels() != null;
      }

      @Override
      public SampleStream read(int[] order) {
        int[] copy = order.clone();
        return new SampleStream() {
          private int next;

          @Override
          public Sample next() {
            if (next >= copy.length) throw new java.util.NoSuchElementException("all " + copy.length + " samples were read");
            return samples.get(copy[next++]);
          }
        };
      }

      @Override
      public SkippedSamples skipped() {
        return skipped;
      }
    };
  }
}
