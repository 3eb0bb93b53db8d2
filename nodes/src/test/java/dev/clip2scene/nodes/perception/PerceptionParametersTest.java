package dev.clip2scene.nodes.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.params.LiveParameters;
import dev.clip2scene.nodes.params.ParameterDeclaration;
import dev.clip2scene.nodes.params.ParameterException;
import dev.clip2scene.nodes.params.ParameterValue;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.perception.pipeline.PerceptionPipeline;
import dev.clip2scene.testkit.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The perception node's parameter table is the one source: the shipped params file, README's table and --help are
 * generated from it (set CLIP2SCENE_REGENERATE=1 to rewrite the files), bad files fail or warn at start naming the
 * parameter, and live changes reach the pipeline.
 */
class PerceptionParametersTest {
  private static final String README_START = "<!-- perception parameters: generated from PerceptionParameters.TABLE (PerceptionParametersTest) -->";
  private static final String README_END = "<!-- end of perception parameters -->";

  @TempDir Path dir;

  @Test
  void shippedParamsFileAndReadmeTableAreGeneratedFromTheTable() throws Exception {
    Path yaml = Fixtures.root().resolve("launch/perception.params.yaml");
    String expectedYaml = PerceptionParameters.TABLE.paramsYaml(PerceptionParameters.PARAMS_FILE_HEADER);
    Path readme = Fixtures.root().resolve("README.md");
    String text = Files.readString(readme);
    int start = text.indexOf(README_START);
    int end = text.indexOf(README_END);
    assertTrue(start >= 0 && end > start, "README.md has no generated perception parameter table between its markers");
    String expectedReadme = text.substring(0, start + README_START.length()) + "\n" + PerceptionParameters.TABLE.markdown() + text.substring(end);
    if ("1".equals(System.getenv("CLIP2SCENE_REGENERATE"))) {
      Files.writeString(yaml, expectedYaml);
      Files.writeString(readme, expectedReadme);
    }
    String hint = " is out of step with PerceptionParameters.TABLE: rerun this test with CLIP2SCENE_REGENERATE=1";
    assertEquals(expectedYaml, Files.readString(yaml), yaml + hint);
    assertEquals(expectedReadme, Files.readString(readme), readme + hint);
    // the shipped file gives the defaults
    assertEquals(PerceptionSettings.from(RosArgs.parse()).parameters().values(),
        PerceptionSettings.from(RosArgs.parse("--ros-args", "--params-file", yaml.toString())).parameters().values());
  }

  @Test
  void helpListsEveryParameter() {
    StringWriter out = new StringWriter();
    var cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("perception", "--help"));
    String help = out.toString();
    for (ParameterDeclaration d : PerceptionParameters.TABLE.declarations()) {
      assertTrue(help.contains("  " + d.name() + " (" + d.type().rosName() + ", default " + d.defaultValue().yaml()), d.name() + " in:\n" + help);
    }
    assertTrue(help.contains("fusion (string, default \"off\"; one of off, ensemble, image; live)"), help);
  }

  @Test
  void aMisspelledParameterWarnsNamingTheClosestAndABadValueFailsNamingIt() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "clip2scene_perception:\n  ros__parameters:\n    quue_depth: 4\n    overlay_max_rate_hz: 5.0\n");
    PerceptionSettings s = PerceptionSettings.from(RosArgs.parse("--ros-args", "--params-file", f.toString()));
    assertEquals(1, s.warnings().size());
    assertTrue(s.warnings().get(0).contains("'quue_depth'") && s.warnings().get(0).contains("did you mean 'queue_depth'"), s.warnings().get(0));
    assertEquals(1, s.queueDepth());
    assertEquals(5.0, s.pipeline().overlayMaxRateHz());

    Files.writeString(f, "clip2scene_perception:\n  ros__parameters:\n    overlay_point_size: 0\n");
    String m = assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "--params-file", f.toString())))
        .getMessage();
    assertTrue(m.contains("'overlay_point_size'") && m.contains(f.toString()) && m.contains("outside [1, 64]"), m);
    Files.writeString(f, "clip2scene_perception:\n  ros__parameters:\n    tf_wait_s: soon\n");
    m = assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "--params-file", f.toString())))
        .getMessage();
    assertTrue(m.contains("'tf_wait_s'") && m.contains("a number"), m);
    // YAML reads an unquoted off as a boolean: the message says to quote it
    Files.writeString(f, "clip2scene_perception:\n  ros__parameters:\n    fusion: off\n");
    m = assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "--params-file", f.toString())))
        .getMessage();
    assertTrue(m.contains("'fusion'") && m.contains("quote it"), m);
    m = assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "fusion:=ensemble"))).getMessage();
    assertTrue(m.contains("'fusion'") && m.contains("clip_weights"), m);
    assertEquals(FusionMode.IMAGE, PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "fusion:=image", "-p", "clip_weights:=/w.safetensors"))
        .fusion());
  }

  @Test
  void liveChangesReachThePipelineAndReadOnlyOnesAreRefused() {
    PerceptionSettings s = PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "network_widths:=[4,4,8,8,8,8,8,4,4]",
        "-p", "network_output_dim:=8"));
    try (PerceptionPipeline p = PerceptionPipeline.open(s.pipeline(), s.modelSettings(), s.cloudTopic())) {
      LiveParameters live = s.liveParameters(p);
      List<LiveParameters.Result> r = live.set(Map.of("target_frame", ParameterValue.of("base_link")), "test");
      assertTrue(r.get(0).successful(), r.get(0).reason());
      assertEquals("base_link", p.settings().targetFrame());
      assertTrue(live.setAtomically(Map.of("tf_wait_s", ParameterValue.of(2L), "overlay_point_size", ParameterValue.of(5L)), "test").successful());
      assertEquals(2.0, p.settings().tfWaitS());
      assertEquals(5, p.settings().overlayPointSize());
      LiveParameters.Result ro = live.setAtomically(Map.of("queue_depth", ParameterValue.of(3L)), "test");
      assertFalse(ro.successful());
      assertTrue(ro.reason().contains("read-only"), ro.reason());
      LiveParameters.Result fusion = live.setAtomically(Map.of("fusion", ParameterValue.of("ensemble")), "test");
      assertFalse(fusion.successful());
      assertTrue(fusion.reason().contains("clip_weights"), fusion.reason());
      assertEquals(FusionMode.OFF, p.settings().fusion());
      LiveParameters.Result range = live.setAtomically(Map.of("overlay_point_size", ParameterValue.of(0L)), "test");
      assertFalse(range.successful());
      assertEquals(5, p.settings().overlayPointSize());
    }
  }

  @Test
  void everyLiveParameterTakesEffectInThePipeline() {
    PerceptionSettings s = PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "network_widths:=[4,4,8,8,8,8,8,4,4]",
        "-p", "network_output_dim:=8", "-p", "clip_weights:=/nowhere/clip.safetensors"));
    // an image teacher that is never asked for features: this checks only that the settings arrive
    var teacher = new dev.clip2scene.nodes.perception.pipeline.MaskClipImageTeacher(
        new dev.clip2scene.nodes.perception.pipeline.ClipWeights(Path.of("/nowhere/clip.safetensors"), null));
    try (PerceptionPipeline p = PerceptionPipeline.open(s.pipeline(), s.modelSettings(), null, teacher, s.cloudTopic())) {
      LiveParameters live = s.liveParameters(p);
      int changed = 0;
      for (ParameterDeclaration d : PerceptionParameters.TABLE.declarations()) {
        if (!d.isLive()) continue;
        var before = p.settings();
        LiveParameters.Result r = live.setAtomically(Map.of(d.name(), otherValue(d)), "test");
        assertTrue(r.successful(), d.name() + ": " + r.reason());
        assertFalse(before.equals(p.settings()), d.name() + " did not reach the pipeline");
        changed++;
      }
      assertEquals(10, changed);
    }
  }

  /** A valid value of D other than its default. */
  private static ParameterValue otherValue(ParameterDeclaration d) {
    ParameterValue def = d.defaultValue();
    return switch (d.type()) {
      case STRING -> ParameterValue.of(d.choices().isEmpty() ? "elsewhere" : d.choices().get(1));
      case INTEGER -> ParameterValue.of(def.asLong() + 1);
      case DOUBLE -> ParameterValue.of(d.range() != null && def.asDouble() + 0.5 > d.range().to() ? def.asDouble() / 2 : def.asDouble() + 0.5);
      case BOOL -> ParameterValue.of(!def.asBool());
      default -> throw new AssertionError(d.name() + ": no other value for a " + d.type());
    };
  }
}
