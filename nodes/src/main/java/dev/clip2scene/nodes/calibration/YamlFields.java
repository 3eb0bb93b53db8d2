package dev.clip2scene.nodes.calibration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading typed fields from a calibration YAML tree, with errors that name the file and the key path. */
final class YamlFields {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path file;

  YamlFields(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  JsonNode root() throws IOException {
    if (!Files.isRegularFile(file)) throw new CalibrationException(file, "", "file not found");
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new CalibrationException(file, "not valid YAML: " + e.getOriginalMessage() + where, e);
    }
    if (root == null || !root.isObject()) throw new CalibrationException(file, "", "expected a YAML mapping at the top");
    return root;
  }

  JsonNode required(JsonNode parent, String key, String path) throws CalibrationException {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) throw new CalibrationException(file, path, "missing");
    return n;
  }

  String text(JsonNode parent, String key, String path) throws CalibrationException {
    JsonNode n = required(parent, key, path);
    if (!n.isValueNode() || n.asText().isEmpty()) throw new CalibrationException(file, path, "expected a name");
    return n.asText();
  }

  int positiveInt(JsonNode parent, String key, String path) throws CalibrationException {
    JsonNode n = required(parent, key, path);
    if (!n.isIntegralNumber() || n.asLong() <= 0 || n.asLong() > Integer.MAX_VALUE) {
      throw new CalibrationException(file, path, "expected a positive integer, got '" + n.asText() + "'");
    }
    return n.asInt();
  }

  /** A flow or block list of exactly LENGTH finite numbers (any length when LENGTH < 0). */
  double[] numbers(JsonNode parent, String key, String path, int length) throws CalibrationException {
    JsonNode n = required(parent, key, path);
    if (!n.isArray()) throw new CalibrationException(file, path, "expected a list of numbers");
    if (length >= 0 && n.size() != length) {
      throw new CalibrationException(file, path, "expected " + length + " numbers, got " + n.size());
    }
    double[] v = new double[n.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode e = n.get(i);
      if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
        throw new CalibrationException(file, path + "[" + i + "]", "expected a finite number, got '" + e.asText() + "'");
      }
      v[i] = e.asDouble();
    }
    return v;
  }

  /** A number as written in our files: plain decimal notation that parses back to the same double. */
  static String number(double v) {
    return BigDecimal.valueOf(v == 0 ? 0.0 : v).toPlainString();
  }

  static String numbers(double[] v) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ", ").append(number(v[i]));
    return b.append(']').toString();
  }
}
