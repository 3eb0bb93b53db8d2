package dev.clip2scene.nodes.params;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ROS 2 command-line section {@code --ros-args [-p name:=value] [--params-file F] [-r from:=to] [--]}, which
 * may appear several times, split from the verb's own arguments. {@code -r __node:=x} and {@code -r __ns:=/y}
 * rename the node.
 *
 * @param appArgs the arguments outside any --ros-args section, in order
 */
public record RosArgs(List<String> appArgs, Map<String, String> overrides, List<Path> paramFiles,
    Map<String, String> remaps, String nodeName, String namespace) {

  public static RosArgs parse(String... args) {
    List<String> app = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    Map<String, String> remaps = new LinkedHashMap<>();
    String node = null;
    String ns = null;
    boolean inRos = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!inRos) {
        if (a.equals("--ros-args")) inRos = true;
        else app.add(a);
        continue;
      }
      switch (a) {
        case "--" -> inRos = false;
        case "--ros-args" -> { }
        case "-p", "--param" -> {
          String[] kv = pair(a, next(args, ++i, a));
          overrides.put(kv[0], kv[1]);
        }
        case "--params-file" -> files.add(Path.of(next(args, ++i, a)));
        case "-r", "--remap" -> {
          String[] kv = pair(a, next(args, ++i, a));
          switch (kv[0]) {
            case "__node", "__name" -> node = kv[1];
            case "__ns" -> ns = kv[1];
            default -> remaps.put(kv[0], kv[1]);
          }
        }
        default -> throw new ParameterException("unknown --ros-args option '" + a
            + "' (supported: -p/--param name:=value, --params-file FILE, -r/--remap from:=to)");
      }
    }
    return new RosArgs(List.copyOf(app), overrides, List.copyOf(files), remaps, node, ns);
  }

  private static String next(String[] args, int i, String option) {
    if (i >= args.length) throw new ParameterException("--ros-args " + option + " needs a value");
    return args[i];
  }

  private static String[] pair(String option, String text) {
    int at = text.indexOf(":=");
    if (at <= 0) throw new ParameterException("--ros-args " + option + " expects name:=value, got '" + text + "'");
    return new String[] {text.substring(0, at), text.substring(at + 2)};
  }

  /** Resolves a topic through the remaps (exact names, as given). */
  public String remap(String topic) {
    return remaps.getOrDefault(topic, topic);
  }
}
