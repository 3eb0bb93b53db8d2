package dev.clip2scene.nodes.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.net.ModelFolder;
import dev.clip2scene.model.net.Segmenter;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.nodes.transport.TestDomains;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo at a reduced size, trained here: every stage runs, the node's labels over DDS are the network's, the
 * figures are those the fixed seed gives, and the cached model is reused the second time.
 */
class DemoTest {
  @TempDir Path out;

  @Test
  void trainsRunsEveryStageAndReusesTheCachedModel() throws Exception {
    DemoSettings settings = DemoSettings.reduced(3, TestDomains.random());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(text, true, StandardCharsets.UTF_8);
    Demo.Result first = new Demo(settings, out, console, false).run(false);

    assertEquals(Demo.ModelSource.TRAINED, first.source());
    assertEquals(settings.playFrames(), first.played());
    assertEquals(settings.playFrames(), first.received(), first.shortfall());
    assertEquals("", first.shortfall());
    assertTrue(first.latencyP95Ms() >= first.latencyP50Ms() && first.latencyP50Ms() > 0);
    assertTrue(first.engine().startsWith("network on cpu-engine (") && first.engine().contains("): "), first.engine());
    assertNotNull(first.trainingTeacherAccuracy());
    assertEquals(List.of("bev_semantic.png", "bev_ground_truth.png", "camera_semantic.png"),
        first.pngs().stream().map(p -> p.getFileName().toString()).toList());
    for (Path png : first.pngs()) assertNotNull(ImageIO.read(png.toFile()), png + " is a PNG");

    // what the node published over DDS is what the network gives on the same points in this process
    SimStudy street = new SimStudy(settings.world(), out.resolve("cache").resolve("street-" + settings.streetKey()));
    HeldOutStreet truth = HeldOutStreet.read(street, street.dir().resolve("street"));
    HeldOutStreet.Score direct = truth.newScore();
    TextEmbeddings embeddings = ModelFolder.read(first.model()).text();
    try (Segmenter seg = Segmenter.load(first.model(), new CropBox(-60, -60, -5, 60, 60, 5))) {
      for (HeldOutStreet.Sweep s : truth.sweeps()) truth.add(direct, s, seg.segment(new PointCloud(s.xyzi(), Sample.STRIDE), embeddings).labels());
    }
    assertSame(direct.everywhere(), first.student());
    assertSame(direct.onTeacherPoints(), first.studentOnTeacherPoints());

    // the figures of seed 3 (see LearningBenchTest for the tolerance of trained figures)
    assertEquals(6004, first.points());
    assertEquals(669, first.teacherPoints());
    assertEquals(0.5138349527387236, first.trainingTeacherAccuracy(), 1e-12);
    assertEquals(0.1565770007144409, first.teacher().meanIou(), 1e-12);
    assertEquals(0.046384391257850814, first.student().meanIou(), LearningBenchTest.TRAINED);
    assertEquals(0.054632587859424916, first.studentOnTeacherPoints().meanIou(), LearningBenchTest.TRAINED);

    Demo.report(first, street.classes(), console);
    String printed = text.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("[5/5]") && printed.contains("mIoU") && printed.contains("p95") && printed.contains("clip embed")
        && printed.contains("network on "), printed);

    Path weights = first.model().resolve("model.safetensors");
    assertTrue(Files.isRegularFile(weights), "checkpoint holds the weights: " + weights);
    FileTime trained = Files.getLastModifiedTime(weights);
    Demo.Result second = new Demo(settings, out, console, false).run(false);
    assertEquals(Demo.ModelSource.CACHED, second.source());
    assertNull(second.trainingTeacherAccuracy());
    assertEquals(first.model(), second.model());
    assertEquals(trained, Files.getLastModifiedTime(weights), "the cached weights were not rewritten");
    assertSame(first.student(), second.student());
  }

  @Test
  void theCacheKeyFollowsEverySettingThatShapesTheModel() {
    DemoSettings a = DemoSettings.standard(0);
    assertEquals(a.modelKey(), DemoSettings.standard(0).modelKey());
    assertFalse(a.modelKey().equals(DemoSettings.standard(1).modelKey()));
    DemoSettings longer = new DemoSettings(0, a.trainFrames(), a.playFrames(), a.epochs() + 1, a.batch(), a.sweeps(), a.world(), a.domainId(),
        a.maxRate());
    assertFalse(a.modelKey().equals(longer.modelKey()));
    DemoSettings oneSweep = new DemoSettings(0, a.trainFrames(), a.playFrames(), a.epochs(), a.batch(), 1, a.world(), a.domainId(), a.maxRate());
    assertFalse(a.modelKey().equals(oneSweep.modelKey()));
    DemoSettings otherLive = new DemoSettings(0, a.trainFrames(), a.playFrames() + 5, a.epochs(), a.batch(), a.sweeps(), a.world(), 200, 0.5);
    assertEquals(a.modelKey(), otherLive.modelKey(), "the live run does not change the model");
    assertFalse(a.streetKey().equals(otherLive.streetKey()), "a longer drive is another street bag");
  }

  private static void assertSame(ConfusionMatrix expected, ConfusionMatrix actual) {
    for (int t = 0; t < expected.classes(); t++) {
      for (int p = 0; p < expected.classes(); p++) {
        assertEquals(expected.count(t, p), actual.count(t, p), "confusion count truth " + t + ", predicted " + p);
      }
    }
    assertTrue(Arrays.stream(expected.rows()).flatMapToLong(Arrays::stream).sum() > 0, "points were scored");
  }
}
