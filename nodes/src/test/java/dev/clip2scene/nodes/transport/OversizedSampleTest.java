package dev.clip2scene.nodes.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A peer sends samples larger than our reader's declared maximum. Before the reader's memory policy was fixed
 * this killed the JVM with SIGSEGV inside Fast-DDS; now the sample is refused, logged and counted, the JVM
 * lives and the next sample is received.
 */
class OversizedSampleTest {
  @Test
  void oversizedSampleIsDroppedAndTheNextOneArrives() throws Exception {
    ForkedJvm.Result r = ForkedJvm.run(OversizedSampleProbe.class, Duration.ofSeconds(60), String.valueOf(TestDomains.random()));
    assertEquals(0, r.exitCode(), "probe JVM failed or crashed:\n" + r.output());
    assertTrue(r.output().contains("lost=3"), r.output());
    assertTrue(r.output().contains("sample(s) lost before this one"), "the drop is logged:\n" + r.output());
    assertTrue(r.output().contains("larger than the history payload size"), "DDS logs the refusal:\n" + r.output());
  }
}
