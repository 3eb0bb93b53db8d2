package dev.clip2scene.nodes.calibration;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.nodes.tf.StampedTransform;
import dev.clip2scene.nodes.tf.TransformBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A calibration folder (calibration/NAME/): one camera_info YAML per camera and {@value #EXTRINSICS} with the static
 * transforms. By convention each camera's optical frame in the extrinsics is named like its camera_name.
 */
public record Rig(Map<String, CameraCalibration> cameras, List<StampedTransform> extrinsics) {
  public static final String EXTRINSICS = "extrinsics.yaml";

  public Rig {
    cameras = Collections.unmodifiableMap(new LinkedHashMap<>(cameras));
    extrinsics = List.copyOf(extrinsics);
  }

  /** Reads every *.yaml of DIR: extrinsics.yaml as static transforms, the others as camera_info (by file name). */
  public static Rig read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new CalibrationException(dir, "", "not a calibration folder");
    Path extrinsicsFile = dir.resolve(EXTRINSICS);
    if (!Files.isRegularFile(extrinsicsFile)) throw new CalibrationException(extrinsicsFile, "", "file not found");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
    Map<String, CameraCalibration> cameras = new LinkedHashMap<>();
    for (Path f : files) {
      if (f.getFileName().toString().equals(EXTRINSICS)) continue;
      CameraInfoFile c = CameraInfoFile.read(f);
      if (cameras.putIfAbsent(c.cameraName(), c.calibration()) != null) {
        throw new CalibrationException(f, "camera_name", "'" + c.cameraName() + "' is used by another file");
      }
    }
    return new Rig(cameras, StaticExtrinsics.read(extrinsicsFile));
  }

  /** A tf buffer holding the extrinsics as static edges. */
  public TransformBuffer transforms() {
    TransformBuffer tf = new TransformBuffer();
    for (StampedTransform e : extrinsics) tf.addStatic(e);
    return tf;
  }
}
