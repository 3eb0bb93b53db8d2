package dev.clip2scene.nodes.transport;

import java.util.concurrent.ThreadLocalRandom;

/** Test-only ROS_DOMAIN_IDs: 150..232, away from the usual 0..101, random so parallel runs rarely meet. */
public final class TestDomains {
  private TestDomains() {}

  public static int random() {
    return 150 + ThreadLocalRandom.current().nextInt(TransportOptions.MAX_DOMAIN_ID - 150 + 1);
  }
}
