package dev.clip2scene.nodes.params;

import static dev.clip2scene.nodes.params.ParameterDeclaration.bool;
import static dev.clip2scene.nodes.params.ParameterDeclaration.integer;
import static dev.clip2scene.nodes.params.ParameterDeclaration.real;
import static dev.clip2scene.nodes.params.ParameterDeclaration.reals;
import static dev.clip2scene.nodes.params.ParameterDeclaration.string;
import static dev.clip2scene.nodes.params.ParameterDeclaration.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterTableTest {
  static final ParameterTable TABLE = new ParameterTable("seg", List.of(
      string("cloud_topic", "/points", "input PointCloud2 topic").readOnly("topics are subscribed at start"),
      integer("queue_depth", 1, "keep-latest input queue length").range(1, 100).live(),
      real("rate_hz", 2.5, "overlay rate").range(0, 30).live(),
      bool("enabled", true, "whether it runs").live(),
      string("fusion", "off", "how images and points combine").choices("off", "ensemble", "image").live(),
      reals("crop_box", List.of(-80.0, -80.0, -10.0, 80.0, 80.0, 10.0), "points kept").sizes(6).live(),
      strings("camera_topics", List.of(), "image topics"),
      ParameterDeclaration.integers("widths", List.of(), "channel widths").sizes(0, 9).range(1, 4096)));

  @TempDir Path dir;

  private ResolvedParameters resolve(String... args) {
    return TABLE.resolve(RosArgs.parse(args));
  }

  @Test
  void defaultsFilesAndOverridesAreTypedAndSourced() throws IOException {
    ResolvedParameters none = resolve();
    assertEquals("/points", none.string("cloud_topic"));
    assertEquals(1, none.intValue("queue_depth"));
    assertEquals("the default", none.source("queue_depth"));
    assertEquals(List.of(), none.warnings());

    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "lidar:\n  ros__parameters:\n    queue_depth: 4\n    rate_hz: 3\n    camera_topics: [/a, /b]\n");
    ResolvedParameters r = resolve("--ros-args", "--params-file", f.toString(), "-p", "fusion:=image", "-r", "__node:=lidar");
    assertEquals("lidar", r.nodeName());
    assertEquals(4, r.integer("queue_depth"));
    assertEquals(3.0, r.real("rate_hz"), "an integer is taken where a double is declared");
    assertEquals(List.of("/a", "/b"), r.strings("camera_topics"));
    assertEquals("image", r.string("fusion"));
    assertTrue(r.source("queue_depth").contains(f.toString()), r.source("queue_depth"));
    assertTrue(r.source("fusion").contains("command line"), r.source("fusion"));
    assertThrows(IllegalArgumentException.class, () -> r.value("undeclared"));
    assertThrows(IllegalStateException.class, () -> r.value("queue_depth").asDouble());
  }

  @Test
  void wrongTypesAndValuesAreErrorsNamingParameterSourceAndRule() {
    String m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "-p", "queue_depth:=many")).getMessage();
    assertTrue(m.contains("'queue_depth'") && m.contains("command line") && m.contains("an integer"), m);
    m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "-p", "queue_depth:=0")).getMessage();
    assertTrue(m.contains("'queue_depth'") && m.contains("outside [1, 100]"), m);
    m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "-p", "rate_hz:=30.5")).getMessage();
    assertTrue(m.contains("outside [0.0, 30.0]"), m);
    m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "-p", "fusion:=both")).getMessage();
    assertTrue(m.contains("'fusion'") && m.contains("one of off, ensemble, image"), m);
    m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "-p", "crop_box:=[1, 2]")).getMessage();
    assertTrue(m.contains("'crop_box'") && m.contains("has 2 values, expected 6"), m);
    m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "-p", "widths:=[8, 8, 0, 8, 8, 8, 8, 8, 8]")).getMessage();
    assertTrue(m.contains("'widths'") && m.contains("outside [1, 4096]"), m);
    m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "-p", "enabled:=1")).getMessage();
    assertTrue(m.contains("true or false"), m);
    m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "-p", "crop_box:=[1, a, 3, 4, 5, 6]")).getMessage();
    assertTrue(m.contains("a list of numbers"), m);
    assertEquals("off", resolve("--ros-args", "-p", "fusion:=off").string("fusion"), "only true/false are booleans on the command line");
    m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "-p", "enabled:=yes")).getMessage();
    assertTrue(m.contains("true or false"), m);
    assertEquals(List.of(8L, 8L, 16L, 16L, 32L, 32L, 16L, 16L, 16L),
        resolve("--ros-args", "-p", "widths:=[8, 8, 16, 16, 32, 32, 16, 16, 16]").integers("widths"));
  }

  @Test
  void yamlBooleanWordsInFilesAreNamedForStringParameters() throws IOException {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "seg:\n  ros__parameters:\n    fusion: off\n");
    String m = assertThrows(ParameterException.class, () -> resolve("--ros-args", "--params-file", f.toString())).getMessage();
    assertTrue(m.contains("'fusion'") && m.contains(f.toString()) && m.contains("quote it"), m);
    Files.writeString(f, "seg:\n  ros__parameters:\n    fusion: \"off\"\n");
    assertEquals("off", resolve("--ros-args", "--params-file", f.toString()).string("fusion"));
  }

  @Test
  void unknownNamesWarnWithTheClosestDeclaredName() {
    ResolvedParameters r = resolve("--ros-args", "-p", "queue_dpeth:=3", "-p", "cloud_topci:=/x", "-p", "zzz:=1");
    assertEquals(1, r.intValue("queue_depth"), "a misspelled parameter changes nothing");
    assertEquals(3, r.warnings().size(), r.warnings().toString());
    assertTrue(r.warnings().get(0).contains("'queue_dpeth'") && r.warnings().get(0).contains("did you mean 'queue_depth'?"), r.warnings().get(0));
    assertTrue(r.warnings().get(1).contains("did you mean 'cloud_topic'?"), r.warnings().get(1));
    assertFalse(r.warnings().get(2).contains("did you mean"), r.warnings().get(2));
    assertEquals(0, ParameterTable.editDistance("fusion", "fusion"));
    assertEquals(1, ParameterTable.editDistance("fusino", "fusion"));
    assertEquals(3, ParameterTable.editDistance("kitten", "sitting"));
  }

  @Test
  void renderedParamsFileReadsBackAsTheDefaults() throws IOException {
    Path f = dir.resolve("seg.params.yaml");
    String yaml = TABLE.paramsYaml(List.of("Parameters of seg."));
    Files.writeString(f, yaml);
    ResolvedParameters r = resolve("--ros-args", "--params-file", f.toString());
    assertEquals(resolve().values(), r.values());
    assertEquals(List.of(), r.warnings());
    assertTrue(yaml.contains("    # keep-latest input queue length (range [1, 100]) [live]\n    queue_depth: 1\n"), yaml);
    assertTrue(yaml.contains("crop_box: [-80.0, -80.0, -10.0, 80.0, 80.0, 10.0]"), yaml);
    assertTrue(TABLE.markdown().contains("| `fusion` | string | `\"off\"` | one of off, ensemble, image | yes | how images and points combine |"), TABLE.markdown());
    assertTrue(TABLE.helpText().contains("  queue_depth (integer, default 1; range [1, 100]; live)"), TABLE.helpText().toString());
  }

  @Test
  void yamlTextOfValuesParsesBackToTheSameValue() {
    List<ParameterValue> values = List.of(ParameterValue.of(""), ParameterValue.of("true"), ParameterValue.of("a: b"),
        ParameterValue.of("say \"hi\""), ParameterValue.of("/ns/topic"), ParameterValue.of("12"), ParameterValue.of("~x"),
        ParameterValue.of(1e20), ParameterValue.of(-2.5e-7), ParameterValue.of(0.05), ParameterValue.of("off"),
        ParameterValue.of(-3L), ParameterValue.of(false),
        ParameterValue.ofStrings(List.of("a b", "", "[x]")), ParameterValue.ofDoubles(List.of(1.0, -0.5)),
        ParameterValue.ofLongs(List.of()), ParameterValue.ofBools(List.of(true, false)));
    for (ParameterValue v : values) {
      assertEquals(v, ParameterValue.from(ParameterInput.parse("x", v.yaml(), "test"), v.type()), v.yaml());
    }
  }

  @Test
  void declarationsRefuseDefaultsTheirOwnRulesRefuse() {
    assertThrows(IllegalArgumentException.class, () -> integer("n", 0, "n").range(1, 5));
    assertThrows(IllegalArgumentException.class, () -> string("s", "x", "s").choices("a", "b"));
    assertThrows(IllegalArgumentException.class, () -> reals("r", List.of(1.0), "r").sizes(2));
    assertThrows(IllegalArgumentException.class, () -> string("s", "x", "s").range(0, 1));
    assertThrows(IllegalArgumentException.class, () -> string("s", "x", " "));
    assertThrows(IllegalArgumentException.class, () -> new ParameterTable("t", List.of(bool("a", true, "a"), bool("a", false, "a"))));
  }

  @Test
  void liveChangesFollowDeclarationsValidatorsAndRclSemantics() {
    LiveParameters live = new LiveParameters(resolve());
    List<LiveParameters.Change> seen = new ArrayList<>();
    live.addListener(seen::add);
    live.addValidator(p -> p.get("fusion").asString().equals("image") && p.get("queue_depth").asLong() > 5
        ? "fusion 'image' needs queue_depth <= 5" : null);

    Map<String, ParameterValue> batch = new LinkedHashMap<>();
    batch.put("queue_depth", ParameterValue.of(3L));
    batch.put("cloud_topic", ParameterValue.of("/other"));
    batch.put("queue_dept", ParameterValue.of(2L));
    batch.put("rate_hz", ParameterValue.of(5L));
    batch.put("fusion", ParameterValue.of("sometimes"));
    List<LiveParameters.Result> r = live.set(batch, "ros2 param set");
    assertTrue(r.get(0).successful());
    assertFalse(r.get(1).successful());
    assertTrue(r.get(1).reason().contains("read-only") && r.get(1).reason().contains("subscribed at start"), r.get(1).reason());
    assertTrue(r.get(2).reason().contains("did you mean 'queue_depth'?"), r.get(2).reason());
    assertTrue(r.get(3).successful(), "an integer is taken for a double");
    assertEquals(5.0, live.get("rate_hz").asDouble());
    assertTrue(r.get(4).reason().contains("one of off, ensemble, image"), r.get(4).reason());
    assertEquals(3, live.get("queue_depth").asLong());
    assertEquals(2, seen.size(), "one change per successful set");
    assertEquals(Map.of("queue_depth", ParameterValue.of(3L)), seen.get(0).changed());

    Map<String, ParameterValue> both = new LinkedHashMap<>();
    both.put("fusion", ParameterValue.of("image"));
    both.put("queue_depth", ParameterValue.of(9L));
    LiveParameters.Result atomic = live.setAtomically(both, "test");
    assertFalse(atomic.successful());
    assertEquals("fusion 'image' needs queue_depth <= 5", atomic.reason());
    assertEquals("off", live.get("fusion").asString(), "an atomic set that fails changes nothing");
    assertEquals(3, live.get("queue_depth").asLong());
    assertTrue(live.setAtomically(Map.of("fusion", ParameterValue.of("image")), "test").successful());
    assertEquals(3, seen.size());
    assertTrue(live.set(Map.of("fusion", ParameterValue.of("image")), "test").get(0).successful());
    assertEquals(3, seen.size(), "setting the current value is no change");
  }
}
