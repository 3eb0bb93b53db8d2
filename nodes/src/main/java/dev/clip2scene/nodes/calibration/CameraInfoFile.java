package dev.clip2scene.nodes.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clip2scene.model.geometry.CameraCalibration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A camera intrinsics file in the YAML layout ROS camera_calibration writes (image_width, image_height, camera_name,
 * camera_matrix, distortion_model, distortion_coefficients, rectification_matrix, projection_matrix; each matrix as
 * rows, cols, data).
 */
public record CameraInfoFile(String cameraName, CameraCalibration calibration) {

  public static CameraInfoFile read(Path file) throws IOException {
    YamlFields f = new YamlFields(file);
    JsonNode root = f.root();
    int width = f.positiveInt(root, "image_width", "image_width");
    int height = f.positiveInt(root, "image_height", "image_height");
    String name = f.text(root, "camera_name", "camera_name");
    double[] k = matrix(f, root, "camera_matrix", 3, 3);
    String model = f.text(root, "distortion_model", "distortion_model");
    double[] d = matrix(f, root, "distortion_coefficients", 1, -1);
    double[] r = matrix(f, root, "rectification_matrix", 3, 3);
    double[] p = matrix(f, root, "projection_matrix", 3, 4);
    try {
      return new CameraInfoFile(name, new CameraCalibration(width, height, model, d, k, r, p));
    } catch (IllegalArgumentException e) {
      throw new CalibrationException(file, "", e.getMessage());
    }
  }

  /** A {rows, cols, data} matrix of ROWS x COLS (any column count when COLS < 0). */
  private static double[] matrix(YamlFields f, JsonNode root, String key, int rows, int cols) throws IOException {
    JsonNode m = f.required(root, key, key);
    int r = f.positiveInt(m, "rows", key + ".rows");
    JsonNode colsNode = f.required(m, "cols", key + ".cols");
    int c = colsNode.isIntegralNumber() && colsNode.asInt() == 0 ? 0 : f.positiveInt(m, "cols", key + ".cols");
    if (r != rows || (cols >= 0 && c != cols)) {
      throw new CalibrationException(f.file(), key, "expected a " + rows + "x" + (cols < 0 ? "N" : cols) + " matrix, "
          + "got rows " + r + ", cols " + c);
    }
    return f.numbers(m, "data", key + ".data", r * c);
  }

  public void write(Path file) throws IOException {
    CameraCalibration c = calibration;
    String yaml = "image_width: " + c.width() + "\n"
        + "image_height: " + c.height() + "\n"
        + "camera_name: " + cameraName + "\n"
        + matrix("camera_matrix", 3, 3, c.k())
        + "distortion_model: " + c.distortionModel() + "\n"
        + matrix("distortion_coefficients", 1, c.d().length, c.d())
        + matrix("rectification_matrix", 3, 3, c.r())
        + matrix("projection_matrix", 3, 4, c.p());
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }

  private static String matrix(String key, int rows, int cols, double[] data) {
    return key + ":\n  rows: " + rows + "\n  cols: " + cols + "\n  data: " + YamlFields.numbers(data) + "\n";
  }
}
