package dev.clip2scene.nodes.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.demo.DemoModel;
import dev.clip2scene.nodes.demo.DemoSettings;
import dev.clip2scene.nodes.launch.PackageRoot;
import dev.clip2scene.nodes.transport.TestDomains;
import dev.clip2scene.nodes.transport.ForkedJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `clip2scene demo` as a user runs it (its own JVM, the command line's main, default log levels): the repository's demo
 * model on the unseen street reaches the figures its model card claims, the student beats the teacher on the same
 * points, and nothing from third-party logging or native code is printed.
 */
class DemoCommandTest {
  /** A logger line of slf4j-simple: "[thread] LEVEL name - message". */
  private static final Pattern LOG_LINE = Pattern.compile("^\\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) ");
  /** libtorch's (c10) native warnings: "[W1204 16:49:20.378 file.h:74] Warning: ...". */
  private static final Pattern NATIVE_WARNING = Pattern.compile("^\\[[WE]\\d{4} |Warning: ");
  /** The JVM's own line for --add-modules jdk.incubator.vector; bin/clip2scene drops it (no JVM option does). */
  private static final String INCUBATOR = "WARNING: Using incubator modules: jdk.incubator.vector";
  @TempDir Path out;

  @Test
  void theRepositoryModelBeatsItsTeacherOnTheUnseenStreetAndOnlyTheDemoSpeaks() throws Exception {
    Path model = PackageRoot.find().resolve(DemoModel.FOLDER);
    JsonNode recorded = new ObjectMapper().readTree(model.resolve("demo.json").toFile());
    assertEquals(DemoSettings.standard(0).modelKey(), recorded.path("model_key").asText(),
        "models/demo was trained with other settings than DemoSettings.standard: retrain it (see its model card)");

    ForkedJvm.Result run = ForkedJvm.run(List.of("--add-modules", "jdk.incubator.vector", "-Dclip2scene.root=" + PackageRoot.find()),
        Clip2SceneCommand.class, Duration.ofMinutes(10),
        "demo", "--out", out.toString(), "--no-progress", "--domain-id", Integer.toString(TestDomains.random()));
    String printed = run.output();
    assertEquals(0, run.exitCode(), "demo failed:\n" + printed);

    for (String line : printed.split("\n")) {
      if (line.equals(INCUBATOR)) continue;
      assertTrue(!LOG_LINE.matcher(line).find() && !NATIVE_WARNING.matcher(line).find(), "printed at default log levels: " + line);
    }
    assertTrue(printed.contains("network on cpu-engine ("), printed);
    assertTrue(printed.contains("model: " + model + " (the repository's demo model)"), printed);
    assertTrue(printed.contains("live: 20 of 20 semantic clouds came back"), printed);

    double miou = number(printed, "student \\(the node's labels\\), all [\\d,]+ points: mIoU ([\\d.]+)");
    JsonNode street = recorded.path("unseen_street");
    assertEquals(100 * street.path("student_miou").asDouble(), miou, 0.2, "the model card's figure");
    assertTrue(miou >= 25, "mIoU " + miou);
    Map<String, Double> iou = perClass(printed);
    for (String c : List.of("car", "driveable surface", "sidewalk", "manmade", "vegetation")) {
      assertTrue(iou.getOrDefault(c, 0.0) > 20, c + " IoU " + iou.get(c) + " in " + iou);
    }
    Matcher m = Pattern.compile("points the teacher labels: teacher ([\\d.]+), student ([\\d.]+) mIoU").matcher(printed);
    assertTrue(m.find(), printed);
    assertEquals(100 * street.path("teacher_miou").asDouble(), Double.parseDouble(m.group(1)), 0.051, "the teacher is plain Java: exact");
    assertTrue(Double.parseDouble(m.group(2)) > Double.parseDouble(m.group(1)) + 5, "the student beats its teacher: " + m.group());
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no '" + regex + "' in\n" + text);
    return Double.parseDouble(m.group(1));
  }

  private static Map<String, Double> perClass(String text) {
    Matcher m = Pattern.compile("per class IoU: (.*)").matcher(text);
    assertTrue(m.find(), text);
    Map<String, Double> iou = new TreeMap<>();
    for (String part : m.group(1).split(", ")) {
      int space = part.lastIndexOf(' ');
      iou.put(part.substring(0, space), Double.parseDouble(part.substring(space + 1)));
    }
    return iou;
  }
}
