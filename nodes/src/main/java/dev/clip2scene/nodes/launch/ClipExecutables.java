package dev.clip2scene.nodes.launch;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The package's executables as ROS sees them (lib/clip2scene/EXEC wrappers) and the clip2scene verb each runs.
 * One table serves `clip2scene launch` and the wrappers CMakeLists.txt installs.
 */
public final class ClipExecutables {
  public static final String PACKAGE = "clip2scene";

  private static final Map<String, List<String>> VERBS = new TreeMap<>(Map.of(
      "perception", List.of("perception"),
      "pretrain", List.of("pretrain"),
      "bag_play", List.of("bag", "play"),
      "bag_record", List.of("bag", "record"),
      "transport_bench", List.of("transport", "bench")));

  private ClipExecutables() {}

  /** The verb (and sub-verb) for EXEC, or a clear error naming the known executables. */
  public static List<String> verbFor(String exec, String origin) {
    List<String> verb = VERBS.get(exec);
    if (verb == null) {
      throw new LaunchException(origin + ": package clip2scene has no executable '" + exec + "' (it has: "
          + String.join(", ", VERBS.keySet()) + ")");
    }
    return verb;
  }

  public static Map<String, List<String>> all() {
    return VERBS;
  }
}
