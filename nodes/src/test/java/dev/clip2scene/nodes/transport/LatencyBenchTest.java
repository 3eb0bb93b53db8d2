package dev.clip2scene.nodes.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark's bookkeeping (not its figures: no timing is asserted). */
class LatencyBenchTest {
  @Test
  void percentilesAreNearestRank() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5, LatencyBench.percentile(sorted, 50));
    assertEquals(10, LatencyBench.percentile(sorted, 99));
    assertEquals(1, LatencyBench.percentile(new double[] {1}, 99));
    assertTrue(Double.isNaN(LatencyBench.percentile(new double[0], 50)));
  }

  @Test
  void everyMeasuredSampleIsAccountedFor() throws Exception {
    LatencyBench.Result r = new LatencyBench(TransportOptions.loopback(TestDomains.random()))
        .run(20_000, 50, 2, 5, Qos.outputs());
    assertEquals(5, r.sent());
    assertEquals(5, r.received());
    assertEquals(0, r.lost());
    assertTrue(r.p50Ms() <= r.p99Ms() && r.p99Ms() <= r.maxMs());
  }
}
