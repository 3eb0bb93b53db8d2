package dev.clip2scene.nodes.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.perception.PerceptionNode;
import dev.clip2scene.nodes.perception.PerceptionSettings;
import dev.clip2scene.nodes.transport.TestDomains;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The perception node against an independent DDS: the Cyclone C peer publishes PointCloud2 on rt/points and the
 * base_link -> velodyne transform on rt/tf_static; the node (random tiny network, target frame base_link, so the
 * peer's /tf_static is needed) segments and publishes rt/points_semantic; the peer checks header, point count,
 * the seven fields and every x, y, z, and exits 0. Loopback only, test domain.
 */
class PerceptionCycloneInteropTest {
  private static final int POINTS = 20_000;

  @Test
  void cyclonePeerReceivesTheNodesSemanticCloud() throws Exception {
    CycloneInteropPeer.build();
    int domain = TestDomains.random();
    PerceptionSettings settings = PerceptionSettings.from(RosArgs.parse("--ros-args",
        "-p", "network_widths:=[4,4,8,8,8,8,8,4,4]", "-p", "network_output_dim:=8",
        // the peer's points lie 50 m to 6 km from the origin: a crop box that keeps them all
        "-p", "crop_box:=[-10000.0, -10000.0, -10000.0, 10000.0, 10000.0, 10000.0]",
        "-p", "target_frame:=" + CycloneInteropPeer.PARENT_FRAME, "-p", "tf_wait_s:=1.0"));
    try (PerceptionNode node = PerceptionNode.start(settings, TransportOptions.loopback(domain));
        CycloneInteropPeer peer = CycloneInteropPeer.start(domain, Duration.ofSeconds(60), POINTS, CycloneInteropTest.expectedFields())) {
      CycloneInteropPeer.Result r = peer.await(Duration.ofSeconds(90));
      assertEquals(0, r.exitCode(), "Cyclone peer:\n" + r.output() + "\nnode: " + node.stats().lastProblem());
      assertTrue(r.output().contains("received /points_semantic"), r.output());
      assertTrue(node.stats().processed() >= 1);
      assertEquals(0, node.stats().tfFailures(), node.stats().lastProblem());
      assertTrue(node.transforms().canTransform(CycloneInteropPeer.PARENT_FRAME, CycloneInteropPeer.FRAME, 0));
    }
  }
}
