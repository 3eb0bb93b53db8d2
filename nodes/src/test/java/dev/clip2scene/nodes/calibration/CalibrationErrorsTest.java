package dev.clip2scene.nodes.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clip2scene.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken calibration files fail with a message naming the file and the key. */
class CalibrationErrorsTest {
  private static final Path FRONT = Fixtures.root().resolve("calibration/nuscenes-like/CAM_FRONT.yaml");
  private static final Path EXTRINSICS = Fixtures.root().resolve("calibration/nuscenes-like/extrinsics.yaml");

  @TempDir Path tmp;

  private interface Reader {
    void read(Path file) throws Exception;
  }

  /** Edits ORIGINAL (first match of the regex FROM becomes TO), reads it, returns the error after the file name. */
  private String error(Path original, Reader reader, String from, String to) throws Exception {
    Path f = tmp.resolve(original.getFileName());
    String text = Files.readString(original);
    String changed = text.replaceFirst(from, to);
    if (changed.equals(text)) throw new AssertionError("test edit did not apply: " + from);
    Files.writeString(f, changed);
    String message = assertThrows(CalibrationException.class, () -> reader.read(f)).getMessage();
    return message.substring(f.toString().length() + 2);
  }

  private String cameraError(String from, String to) throws Exception {
    return error(FRONT, CameraInfoFile::read, Pattern.quote(from), Matcher.quoteReplacement(to));
  }

  private String extrinsicsError(String from, String to) throws Exception {
    return error(EXTRINSICS, StaticExtrinsics::read, from, to);
  }

  /** The layout variants ROS tools write: integers, spaces inside flow lists, block lists, keys we do not use. */
  @Test
  void readsCameraCalibrationOutput() throws Exception {
    Path f = tmp.resolve("narrow_stereo.yaml");
    Files.writeString(f, """
        image_width: 640
        image_height: 480
        camera_name: narrow_stereo
        camera_matrix:
          rows: 3
          cols: 3
          data: [ 500, 0, 320.5, 0, 501.25, 240, 0, 0, 1 ]
        distortion_model: rational_polynomial
        distortion_coefficients:
          rows: 1
          cols: 8
          data:
            - 0.1
            - -0.2
            - 0.001
            - 0
            - 0.05
            - 0.3
            - 0
            - 0
        rectification_matrix:
          rows: 3
          cols: 3
          data: [1, 0, 0, 0, 1, 0, 0, 0, 1]
        projection_matrix:
          rows: 3
          cols: 4
          data: [500, 0, 320.5, 0, 0, 501.25, 240, 0, 0, 0, 1, 0]
        binning_x: 1
        """);
    CameraInfoFile c = CameraInfoFile.read(f);
    assertEquals("narrow_stereo", c.cameraName());
    assertEquals(640, c.calibration().width());
    assertEquals("rational_polynomial", c.calibration().distortionModel());
    assertEquals(-0.2, c.calibration().d()[1]);
    assertEquals(501.25, c.calibration().k()[4]);
  }

  @Test
  void cameraInfoErrors() throws Exception {
    assertEquals("image_width: missing", cameraError("image_width: 1600\n", ""));
    assertEquals("image_height: expected a positive integer, got '-900'", cameraError("900\n", "-900\n"));
    assertEquals("projection_matrix: expected a 3x4 matrix, got rows 3, cols 3",
        cameraError("projection_matrix:\n  rows: 3\n  cols: 4", "projection_matrix:\n  rows: 3\n  cols: 3"));
    assertEquals("camera_matrix.data: expected 9 numbers, got 8", cameraError("data: [1266.4, 0.0,", "data: [0.0,"));
    assertEquals("camera_matrix.data[0]: expected a finite number, got 'f'", cameraError("data: [1266.4,", "data: [f,"));
    assertEquals("distortion_model plumb_bob needs 5 coefficients in D, got 3",
        cameraError("cols: 5\n  data: [0.0, 0.0, 0.0, 0.0, 0.0]", "cols: 3\n  data: [0.0, 0.0, 0.0]"));
    assertEquals("unknown distortion_model 'fisheye' (known: plumb_bob, rational_polynomial, equidistant)",
        cameraError("plumb_bob", "fisheye"));
    assertEquals("camera_matrix.rows: missing", cameraError("camera_matrix:\n  rows: 3\n", "camera_matrix:\n"));
    Path notYaml = tmp.resolve("broken.yaml");
    Files.writeString(notYaml, "image_width: [1600\n");
    assertThrows(CalibrationException.class, () -> CameraInfoFile.read(notYaml));
    Path absent = tmp.resolve("absent.yaml");
    assertEquals(absent + ": file not found",
        assertThrows(CalibrationException.class, () -> CameraInfoFile.read(absent)).getMessage());
  }

  @Test
  void extrinsicsErrors() throws Exception {
    assertEquals("transforms[0].translation: expected 3 numbers, got 2",
        extrinsicsError("translation: \\[0.944, 0.0, 1.84\\]", "translation: [0.944, 1.84]"));
    assertEquals("transforms[0]: rotation quaternion is not unit length (norm 1.4142135623730951)",
        extrinsicsError("rotation: \\[0.0, 0.0, -0.707106781, 0.707106781\\]", "rotation: [0.0, 0.0, 1.0, 1.0]"));
    assertEquals("transforms[1].child: frame 'LIDAR_TOP' already has a parent",
        extrinsicsError("child: CAM_FRONT\n", "child: LIDAR_TOP\n"));
    assertEquals("transforms[0].parent: missing", extrinsicsError("parent: base_link", "frame: base_link"));
    assertEquals("transforms: missing", extrinsicsError("transforms:", "frames:"));
  }
}
