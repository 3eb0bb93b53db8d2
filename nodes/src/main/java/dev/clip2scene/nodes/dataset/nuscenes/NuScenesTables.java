package dev.clip2scene.nodes.dataset.nuscenes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The nuScenes devkit tables an import needs, from {@code DIR/v1.0-<version>/}: scene, sample, sample_data, ego_pose,
 * calibrated_sensor, sensor, and lidarseg when present. Every token a record refers to is resolved on load, so a
 * dangling one is reported with its table, record and field.
 */
public final class NuScenesTables {
  /**
   * One sample_data record with what it refers to: the scene's name, the sensor's channel and modality, the ego pose
   * (base_link in the global frame) at its timestamp (microseconds), and the sensor's calibration.
   */
  public record SampleData(String token, String sceneName, String channel, String modality, String filename, long timestampUs,
      boolean keyFrame, int width, int height, RigidTransform egoPose, Calibration calibration) {}

  /** A sensor's pose on the vehicle (base_link -> sensor) and, for cameras, the 3 x 3 intrinsics row-major. */
  public record Calibration(RigidTransform extrinsics, double[] intrinsics) {}

  private final Path root;
  private final Path tables;
  private final List<SampleData> sampleData;
  private final Map<String, Path> lidarseg;

  private NuScenesTables(Path root, Path tables, List<SampleData> sampleData, Map<String, Path> lidarseg) {
    this.root = root;
    this.tables = tables;
    this.sampleData = sampleData;
    this.lidarseg = lidarseg;
  }

  /** The folder holding the data files (samples/, sweeps/, lidarseg/): paths in the tables are relative to it. */
  public Path root() {
    return root;
  }

  public Path tables() {
    return tables;
  }

  /** Every sample_data record, resolved, in table order. */
  public List<SampleData> sampleData() {
    return sampleData;
  }

  /** The lidarseg label file of a keyframe's sample_data token, or null. */
  public Path lidarseg(String sampleDataToken) {
    return lidarseg.get(sampleDataToken);
  }

  /** Loads DIR/VERSION, or the one v1.0-* folder in DIR when VERSION is null. */
  public static NuScenesTables load(Path dir, String version) throws IOException {
    Path tables = version != null ? dir.resolve(version) : versionFolder(dir);
    if (!Files.isDirectory(tables)) throw new NuScenesFormatException(tables, "no such table folder");
    Map<String, JsonNode> sensors = byToken(tables, "sensor");
    Map<String, JsonNode> calibrated = byToken(tables, "calibrated_sensor");
    Map<String, JsonNode> poses = byToken(tables, "ego_pose");
    Map<String, JsonNode> scenes = byToken(tables, "scene");
    Map<String, JsonNode> samples = byToken(tables, "sample");
    Map<String, JsonNode> data = byToken(tables, "sample_data");
    List<SampleData> out = new ArrayList<>(data.size());
    for (JsonNode d : data.values()) {
      JsonNode sample = ref(tables, "sample_data", d, "sample_token", samples, "sample");
      JsonNode scene = ref(tables, "sample", sample, "scene_token", scenes, "scene");
      JsonNode cal = ref(tables, "sample_data", d, "calibrated_sensor_token", calibrated, "calibrated_sensor");
      JsonNode sensor = ref(tables, "calibrated_sensor", cal, "sensor_token", sensors, "sensor");
      JsonNode pose = ref(tables, "sample_data", d, "ego_pose_token", poses, "ego_pose");
      Path where = tables.resolve("sample_data.json");
      out.add(new SampleData(text(where, d, "token"), text(tables.resolve("scene.json"), scene, "name"), text(tables.resolve("sensor.json"), sensor, "channel"),
          text(tables.resolve("sensor.json"), sensor, "modality"), text(where, d, "filename"), number(where, d, "timestamp").longValue(),
          d.path("is_key_frame").asBoolean(false), d.path("width").asInt(0), d.path("height").asInt(0), pose(tables.resolve("ego_pose.json"), pose),
          new Calibration(pose(tables.resolve("calibrated_sensor.json"), cal), intrinsics(tables.resolve("calibrated_sensor.json"), cal))));
    }
    Map<String, Path> lidarseg = new LinkedHashMap<>();
    if (Files.isRegularFile(tables.resolve("lidarseg.json"))) {
      Path where = tables.resolve("lidarseg.json");
      for (JsonNode l : byToken(tables, "lidarseg").values()) {
        ref(tables, "lidarseg", l, "sample_data_token", data, "sample_data");
        lidarseg.put(l.get("sample_data_token").asText(), dir.resolve(text(where, l, "filename")));
      }
    }
    return new NuScenesTables(dir, tables, out, lidarseg);
  }

  private static Path versionFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new NuScenesFormatException(dir, "no such folder");
    List<Path> found;
    try (Stream<Path> s = Files.list(dir)) {
      found = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("v1.0-")).sorted().toList();
    }
    if (found.size() != 1) {
      throw new NuScenesFormatException(dir, found.isEmpty() ? "no v1.0-* table folder (the devkit layout has e.g. v1.0-mini/sample.json)"
          : "several table folders " + found.stream().map(p -> p.getFileName().toString()).toList() + ": choose one with --version");
    }
    return found.get(0);
  }

  private static Map<String, JsonNode> byToken(Path tables, String table) throws IOException {
    Path file = tables.resolve(table + ".json");
    if (!Files.isRegularFile(file)) throw new NuScenesFormatException(file, "missing table " + table);
    JsonNode rows;
    try {
      rows = new ObjectMapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new NuScenesFormatException(file, "not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
    }
    if (rows == null || !rows.isArray()) throw new NuScenesFormatException(file, "expected a JSON array of records");
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      if (!r.path("token").isTextual()) throw new NuScenesFormatException(file, "record " + i + " has no token");
      out.put(r.get("token").asText(), r);
    }
    return out;
  }

  /** The record of TARGETS that RECORD's FIELD names; an error naming both tables and the token when there is none. */
  private static JsonNode ref(Path tables, String table, JsonNode record, String field, Map<String, JsonNode> targets, String target)
      throws NuScenesFormatException {
    String token = record.path(field).asText(null);
    JsonNode r = token == null ? null : targets.get(token);
    if (r == null) {
      throw new NuScenesFormatException(tables.resolve(table + ".json"), table + " " + record.path("token").asText() + ": " + field + " "
          + token + " refers to no record of " + target + ".json");
    }
    return r;
  }

  private static String text(Path file, JsonNode r, String field) throws NuScenesFormatException {
    if (!r.path(field).isTextual()) throw new NuScenesFormatException(file, "record " + r.path("token").asText() + " has no text field " + field);
    return r.get(field).asText();
  }

  private static Number number(Path file, JsonNode r, String field) throws NuScenesFormatException {
    if (!r.path(field).isNumber()) throw new NuScenesFormatException(file, "record " + r.path("token").asText() + " has no number field " + field);
    return r.get(field).numberValue();
  }

  /** translation [x, y, z] and rotation [w, x, y, z] of a record. */
  private static RigidTransform pose(Path file, JsonNode r) throws NuScenesFormatException {
    double[] t = numbers(file, r, "translation", 3);
    double[] q = numbers(file, r, "rotation", 4);
    Quaternion rotation = new Quaternion(q[1], q[2], q[3], q[0]);
    if (!(rotation.norm() > 0.5 && rotation.norm() < 2)) {
      throw new NuScenesFormatException(file, "record " + r.path("token").asText() + ": rotation " + java.util.Arrays.toString(q) + " is not a unit quaternion");
    }
    return RigidTransform.of(t[0], t[1], t[2], rotation.normalized());
  }

  /** camera_intrinsic as 9 values row-major, or null when the record has none (non-camera sensors: []). */
  private static double[] intrinsics(Path file, JsonNode r) throws NuScenesFormatException {
    JsonNode k = r.path("camera_intrinsic");
    if (!k.isArray() || k.isEmpty()) return null;
    double[] out = new double[9];
    if (k.size() != 3) throw new NuScenesFormatException(file, "record " + r.path("token").asText() + ": camera_intrinsic is not 3 x 3");
    for (int row = 0; row < 3; row++) {
      JsonNode line = k.get(row);
      if (!line.isArray() || line.size() != 3) throw new NuScenesFormatException(file, "record " + r.path("token").asText() + ": camera_intrinsic is not 3 x 3");
      for (int c = 0; c < 3; c++) {
        if (!line.get(c).isNumber()) throw new NuScenesFormatException(file, "record " + r.path("token").asText() + ": camera_intrinsic holds a non-number");
        out[row * 3 + c] = line.get(c).asDouble();
      }
    }
    return out;
  }

  private static double[] numbers(Path file, JsonNode r, String field, int n) throws NuScenesFormatException {
    JsonNode a = r.path(field);
    if (!a.isArray() || a.size() != n) throw new NuScenesFormatException(file, "record " + r.path("token").asText() + ": " + field + " needs " + n + " numbers");
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      if (!a.get(i).isNumber()) throw new NuScenesFormatException(file, "record " + r.path("token").asText() + ": " + field + " holds a non-number");
      out[i] = a.get(i).asDouble();
    }
    return out;
  }
}
