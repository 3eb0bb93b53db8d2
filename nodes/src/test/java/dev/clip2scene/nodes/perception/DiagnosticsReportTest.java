package dev.clip2scene.nodes.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.diagnostic.DiagnosticArray;
import dev.clip2scene.msgs.diagnostic.DiagnosticStatus;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.perception.pipeline.CameraStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diagnostics' levels and messages, from snapshots: no DDS, no clock. */
class DiagnosticsReportTest {
  private static final long NOW = 1_700_000_100_000_000_000L;

  private static DiagnosticsReport.Snapshot snapshot(long received, long undecodable, Throwable failure) {
    return new DiagnosticsReport.Snapshot(NOW, received, 0, 0, received, 0, 0, undecodable, 0, 0, 0, 0, 0, 0, 0, 3, List.of(),
        "cpu-engine (2 threads)", "random", 19, "off", "", failure);
  }

  private static DiagnosticStatus status(DiagnosticArray a, String what) {
    return a.status().stream().filter(s -> s.name().endsWith(": " + what)).findFirst().orElseThrow();
  }

  @Test
  void levelsFollowTheCountersAndADeadInferenceThreadIsAnError() {
    DiagnosticsReport report = new DiagnosticsReport("seg");
    CameraStream live = new CameraStream("/cam/image_raw", false);
    CameraStream stopped = new CameraStream("/side/image_raw", false);
    byte[] image = MessageTypes.IMAGE.encode(new Image(new Header(Time.ofNanos(NOW), "cam"), 1, 1, "rgb8", 0, 3, new byte[3]));
    live.addImage(image, NOW - 200_000_000L);
    stopped.addImage(image, NOW - 5_000_000_000L);
    DiagnosticArray first = report.build(snapshot(10, 0, null), List.of(live, stopped), 1.0, NOW);
    assertEquals(DiagnosticStatus.OK, status(first, "pipeline").level());
    assertEquals(DiagnosticStatus.OK, status(first, "camera /cam/image_raw").level());
    DiagnosticStatus side = status(first, "camera /side/image_raw");
    assertEquals(DiagnosticStatus.WARN, side.level());
    assertTrue(side.message().startsWith("stream stopped: no image for 5.00 s"), side.message());

    DiagnosticStatus grew = status(report.build(snapshot(12, 2, null), List.of(), 1.0, NOW), "pipeline");
    assertEquals(DiagnosticStatus.WARN, grew.level());
    assertEquals("2 undecodable clouds", grew.message());
    assertEquals(DiagnosticStatus.STALE, status(report.build(snapshot(12, 2, null), List.of(), 1.0, NOW), "pipeline").level());
    DiagnosticStatus dead = status(report.build(snapshot(12, 2, new InternalError("boom")), List.of(), 1.0, NOW), "pipeline");
    assertEquals(DiagnosticStatus.ERROR, dead.level());
    assertTrue(dead.message().contains("inference thread died") && dead.message().contains("boom"), dead.message());
  }
}
