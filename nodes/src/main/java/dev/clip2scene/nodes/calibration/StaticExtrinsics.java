package dev.clip2scene.nodes.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.nodes.tf.StampedTransform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sensor mounting as static tf edges, in a YAML file: {@code transforms:} a list of {parent, child, translation
 * [x, y, z] in metres, rotation [x, y, z, w] unit quaternion}; each entry is the pose of child in parent, the same
 * meaning as on /tf_static. Read edges carry stamp 0.
 */
public final class StaticExtrinsics {
  private StaticExtrinsics() {}

  public static List<StampedTransform> read(Path file) throws IOException {
    YamlFields f = new YamlFields(file);
    JsonNode list = f.required(f.root(), "transforms", "transforms");
    if (!list.isArray()) throw new CalibrationException(file, "transforms", "expected a list");
    List<StampedTransform> edges = new ArrayList<>();
    Set<String> children = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "transforms[" + i + "]";
      JsonNode e = list.get(i);
      if (!e.isObject()) throw new CalibrationException(file, at, "expected {parent, child, translation, rotation}");
      String parent = f.text(e, "parent", at + ".parent");
      String child = f.text(e, "child", at + ".child");
      double[] t = f.numbers(e, "translation", at + ".translation", 3);
      double[] q = f.numbers(e, "rotation", at + ".rotation", 4);
      try {
        RigidTransform pose = RigidTransform.of(t[0], t[1], t[2], new Quaternion(q[0], q[1], q[2], q[3]));
        StampedTransform edge = new StampedTransform(parent, child, 0, pose);
        if (!children.add(edge.child())) {
          throw new CalibrationException(file, at + ".child", "frame '" + child + "' already has a parent");
        }
        edges.add(edge);
      } catch (IllegalArgumentException ex) {
        throw new CalibrationException(file, at, ex.getMessage());
      }
    }
    requireTree(file, edges);
    return edges;
  }

  /** Each frame has one parent, so following parents from any frame must end at a root, not come back. */
  private static void requireTree(Path file, List<StampedTransform> edges) throws CalibrationException {
    java.util.Map<String, String> parentOf = new java.util.HashMap<>();
    for (StampedTransform e : edges) parentOf.put(e.child(), e.parent());
    for (int i = 0; i < edges.size(); i++) {
      List<String> path = new ArrayList<>(List.of(edges.get(i).child()));
      for (String f = parentOf.get(path.get(0)); f != null; f = parentOf.get(f)) {
        path.add(f);
        if (f.equals(path.get(0))) {
          throw new CalibrationException(file, "transforms[" + i + "]", "frames form a loop: "
              + String.join(" -> ", path) + " (each frame's parent leads back to it)");
        }
        if (path.size() > edges.size() + 1) break; // a loop further up, found from its own frames
      }
    }
  }

  public static void write(Path file, String comment, List<StampedTransform> edges) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String line : comment.lines().toList()) b.append("# ").append(line).append('\n');
    b.append("transforms:\n");
    for (StampedTransform e : edges) {
      Vector3 t = e.transform().translation();
      Quaternion q = e.transform().rotation();
      b.append("  - parent: ").append(e.parent()).append('\n')
          .append("    child: ").append(e.child()).append('\n')
          .append("    translation: ").append(YamlFields.numbers(new double[] {t.x(), t.y(), t.z()})).append('\n')
          .append("    rotation: ").append(YamlFields.numbers(new double[] {q.x(), q.y(), q.z(), q.w()})).append('\n');
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }
}
