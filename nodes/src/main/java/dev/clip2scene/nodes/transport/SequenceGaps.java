package dev.clip2scene.nodes.transport;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts samples that never reached the reader: a jump in a writer's sequence numbers between two received
 * samples. That covers samples DDS refused (above the maximum sample size) and best-effort losses. Used on the
 * listener thread only.
 */
final class SequenceGaps {
  private final Map<String, Long> lastByWriter = new HashMap<>();

  /** Records WRITER's sample SEQUENCE; returns how many of its samples were skipped since the last one. */
  long record(String writer, long sequence) {
    Long last = lastByWriter.put(writer, sequence);
    if (last == null || sequence <= last) return 0; // first sample of this writer, or a writer restart
    return sequence - last - 1;
  }
}
