package dev.clip2scene.nodes.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.transport.TestDomains;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo at a reduced size: every stage runs, outputs exist, the cached model is reused the second time. */
class DemoTest {
  @TempDir Path out;

  @Test
  void runsEveryStageAndReusesTheCachedModel() throws Exception {
    DemoSettings settings = DemoSettings.reduced(3, TestDomains.random());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(text, true, StandardCharsets.UTF_8);
    Demo.Result first = new Demo(settings, out, console, false).run(false);

    assertFalse(first.reusedModel());
    assertTrue(first.received() > 0, "semantic clouds came back");
    assertEquals(first.played(), settings.playFrames());
    double miou = first.matrix().meanIou();
    assertTrue(miou >= 0 && miou <= 1, "mIoU is a number in [0, 1]: " + miou);
    assertTrue(Double.isFinite(first.latencyP50Ms()) && first.latencyP95Ms() >= first.latencyP50Ms());
    assertNotNull(first.teacherPixelAccuracy());
    assertEquals(List.of("bev_semantic.png", "bev_ground_truth.png", "camera_semantic.png"),
        first.pngs().stream().map(p -> p.getFileName().toString()).toList());
    for (Path png : first.pngs()) assertNotNull(ImageIO.read(png.toFile()), png + " is a PNG");
    Demo.report(first, new SimStudy(settings.world(), out).classes(), console);
    String printed = text.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("[5/5]") && printed.contains("mIoU") && printed.contains("p95") && printed.contains("clip embed"), printed);

    Path weights = first.model().resolve("model.safetensors");
    assertTrue(Files.isRegularFile(weights), "checkpoint holds the weights: " + weights);
    FileTime trained = Files.getLastModifiedTime(weights);
    Demo.Result second = new Demo(settings, out, console, false).run(false);
    assertTrue(second.reusedModel());
    assertEquals(first.model(), second.model());
    assertEquals(trained, Files.getLastModifiedTime(weights), "the cached weights were not rewritten");
    assertEquals(first.matrix().meanIou(), second.matrix().meanIou(), 1e-9, "same model, same world, same labels");
  }

  @Test
  void theCacheKeyFollowsEverySettingThatShapesTheModel() {
    DemoSettings a = DemoSettings.standard(0);
    assertEquals(a.modelKey(), DemoSettings.standard(0).modelKey());
    assertFalse(a.modelKey().equals(DemoSettings.standard(1).modelKey()));
    DemoSettings longer = new DemoSettings(0, a.trainFrames(), a.playFrames(), a.epochs() + 1, a.batch(), a.world(), a.domainId(), a.playRate());
    assertFalse(a.modelKey().equals(longer.modelKey()));
    DemoSettings otherLive = new DemoSettings(0, a.trainFrames(), a.playFrames() + 5, a.epochs(), a.batch(), a.world(), 200, 2.0);
    assertEquals(a.modelKey(), otherLive.modelKey(), "the live run does not change the model");
  }
}
