package dev.clip2scene.nodes.cli.calib;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.nodes.calibration.Rig;
import dev.clip2scene.nodes.tf.TransformBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip2scene calib check DIR}: loads a calibration folder and shows each camera's pose in a base frame. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Load a calibration folder (camera_info YAML files + extrinsics.yaml) and list its cameras with "
        + "their position in the base frame; fails with the file and key of the first problem.")
final class CalibCheckCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "calibration folder, e.g. calibration/kitti")
  Path dir;

  @Option(names = "--base-frame", defaultValue = "base_link", description = "frame to express poses in (default: ${DEFAULT-VALUE})")
  String baseFrame;

  @Option(names = "--json", description = "machine-readable output")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Rig rig = Rig.read(dir);
    TransformBuffer tf = rig.transforms();
    List<Map<String, Object>> cameras = new ArrayList<>();
    for (Map.Entry<String, CameraCalibration> e : rig.cameras().entrySet()) {
      CameraCalibration c = e.getValue();
      RigidTransform pose = tf.lookup(baseFrame, e.getKey(), 0);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("camera", e.getKey());
      m.put("width", c.width());
      m.put("height", c.height());
      m.put("distortion_model", c.distortionModel());
      m.put("fx", c.k()[0]);
      m.put("position", new double[] {pose.translation().x(), pose.translation().y(), pose.translation().z()});
      cameras.add(m);
    }
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("dir", dir.toString());
      out.put("frames", tf.frames().stream().sorted().toList());
      out.put("cameras", cameras);
      System.out.println(new ObjectMapper().writeValueAsString(out));
    } else {
      System.out.printf("%s: %d cameras, frames %s%n", dir, cameras.size(), tf.frames().stream().sorted().toList());
      for (Map<String, Object> m : cameras) {
        double[] p = (double[]) m.get("position");
        System.out.printf("  %-16s %5dx%-5d %-20s fx %8.2f  at (%.3f, %.3f, %.3f) m in %s%n", m.get("camera"),
            m.get("width"), m.get("height"), m.get("distortion_model"), m.get("fx"), p[0], p[1], p[2], baseFrame);
      }
    }
    return 0;
  }
}
