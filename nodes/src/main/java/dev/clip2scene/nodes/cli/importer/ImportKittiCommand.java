package dev.clip2scene.nodes.cli.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.dataset.kitti.KittiBagImporter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene import kitti DIR --out BAG}. */
@Command(name = "kitti", mixinStandardHelpOptions = true,
    description = {"KITTI object benchmark (velodyne/, image_2/, calib/), odometry sequence (sequences/NN with "
        + "velodyne/, image_2/, calib.txt, times.txt, optional SemanticKITTI labels/) or raw drive "
        + "(velodyne_points/data, image_02/data, calib_*.txt) -> a rosbag2 bag: /velodyne_points (x, y, z, "
        + "intensity, + label), /camera_2/image_raw (or .../compressed), /camera_2/camera_info, /tf_static or /tf."})
final class ImportKittiCommand implements Callable<Integer> {
  @CommandLine.Parameters(index = "0", paramLabel = "DIR", description = "the KITTI folder")
  Path dir;

  @CommandLine.Mixin BagOutput out;

  @CommandLine.Option(names = "--compressed-images", description = "store the PNG files as sensor_msgs/CompressedImage instead of rgb8 Image")
  boolean compressed;

  @CommandLine.Option(names = "--json", description = "print a JSON summary")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    KittiBagImporter.Summary s = KittiBagImporter.run(dir, out.folder, out.writerOptions(spec.commandLine()), compressed);
    var o = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("layout", s.layout().name().toLowerCase(java.util.Locale.ROOT));
      m.put("frames", s.frames());
      m.put("images", s.images());
      m.put("labelled_frames", s.labelledFrames());
      m.put("bag", s.bag().toString());
      o.println(new ObjectMapper().writeValueAsString(m));
    } else {
      o.printf("imported %d %s frames (%d images, %d labelled) into %s%n", s.frames(), s.layout().name().toLowerCase(java.util.Locale.ROOT),
          s.images(), s.labelledFrames(), s.bag());
    }
    return 0;
  }
}
