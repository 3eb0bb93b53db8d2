package dev.clip2scene.nodes.transport;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Test-only ROS_DOMAIN_IDs: 150..232, away from the usual 0..101, random so parallel runs rarely meet; or the one
 * system property clip2scene.test.domain names (the rcljava transport's tests: rcl takes its domain from
 * ROS_DOMAIN_ID once per process).
 */
public final class TestDomains {
  private TestDomains() {}

  public static int random() {
    String fixed = System.getProperty("clip2scene.test.domain");
    if (fixed != null && !fixed.isBlank()) return Integer.parseInt(fixed.strip());
    return 150 + ThreadLocalRandom.current().nextInt(TransportOptions.MAX_DOMAIN_ID - 150 + 1);
  }
}
