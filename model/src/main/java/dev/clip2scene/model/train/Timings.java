package dev.clip2scene.model.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time per training phase (teacher, pairing, forward, losses, backward, optimizer), for the benchmark. */
public final class Timings {
  private final Map<String, Long> nanos = new LinkedHashMap<>();

  public void add(String phase, long ns) {
    nanos.merge(phase, ns, Long::sum);
  }

  public Map<String, Long> nanos() {
    return Map.copyOf(nanos);
  }

  public void clear() {
    nanos.clear();
  }

  /** Seconds per phase, in the order phases were first seen. */
  public Map<String, Double> seconds() {
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.forEach((k, v) -> out.put(k, v / 1e9));
    return out;
  }
}
