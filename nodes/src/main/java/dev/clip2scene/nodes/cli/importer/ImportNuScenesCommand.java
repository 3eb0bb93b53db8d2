package dev.clip2scene.nodes.cli.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.dataset.nuscenes.NuScenesBagImporter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene import nuscenes DIR --out BAG}. */
@Command(name = "nuscenes", mixinStandardHelpOptions = true,
    description = {"nuScenes in the devkit layout (v1.0-*/ JSON tables, samples/, sweeps/, optional lidarseg/) -> a rosbag2 bag: "
        + "/LIDAR_TOP (x, y, z, intensity, ring, + label on lidarseg keyframes), /CAM_*/image/compressed (the JPEGs), "
        + "/CAM_*/camera_info, /tf (odom -> base_link ego poses), /tf_static (base_link -> sensors)."})
final class ImportNuScenesCommand implements Callable<Integer> {
  @CommandLine.Parameters(index = "0", paramLabel = "DIR", description = "the nuScenes folder (holding v1.0-*/, samples/, sweeps/)")
  Path dir;

  @CommandLine.Option(names = "--version", paramLabel = "NAME", description = "table folder, e.g. v1.0-mini (default: the only v1.0-* folder)")
  String version;

  @CommandLine.Option(names = "--scene", paramLabel = "NAME", description = "import only this scene (repeatable; default: all)")
  List<String> scenes = List.of();

  @CommandLine.Mixin BagOutput out;

  @CommandLine.Option(names = "--json", description = "print a JSON summary")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    NuScenesBagImporter.Summary s = NuScenesBagImporter.run(dir, version, new LinkedHashSet<>(scenes), out.folder, out.writerOptions(spec.commandLine()));
    var o = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scenes", s.scenes());
      m.put("sweeps", s.sweeps());
      m.put("keyframes", s.keyframes());
      m.put("labelled_keyframes", s.labelledKeyframes());
      m.put("images", s.images());
      m.put("cameras", s.cameras());
      m.put("bag", s.bag().toString());
      o.println(new ObjectMapper().writeValueAsString(m));
    } else {
      o.printf("imported %d scene(s): %d LiDAR sweeps (%d keyframes, %d labelled), %d images from %s into %s%n", s.scenes().size(), s.sweeps(),
          s.keyframes(), s.labelledKeyframes(), s.images(), String.join(", ", s.cameras()), s.bag());
    }
    return 0;
  }
}
