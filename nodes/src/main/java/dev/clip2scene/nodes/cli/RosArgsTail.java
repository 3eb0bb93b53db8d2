package dev.clip2scene.nodes.cli;

import dev.clip2scene.nodes.params.ParameterException;
import dev.clip2scene.nodes.params.RosArgs;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code --ros-args ...} section `clip2scene launch` and `ros2 launch` append to a node's command line, for verbs
 * that take no parameters (bag play, bag record): picocli leaves it unmatched, or lets a multi-value option such as
 * --topics swallow it, so it is split off here. Only remaps and node renames are meaningful for such verbs.
 */
public final class RosArgsTail {
  private RosArgsTail() {}

  /** Cuts "--ros-args ..." out of VALUES (in place) and parses it together with UNMATCHED. */
  public static RosArgs split(List<String> values, List<String> unmatched, CommandLine.Model.CommandSpec spec) {
    List<String> tail = new ArrayList<>();
    int at = values.indexOf("--ros-args");
    if (at >= 0) {
      tail.addAll(values.subList(at, values.size()));
      values.subList(at, values.size()).clear();
    }
    tail.addAll(unmatched);
    if (!tail.isEmpty() && !tail.get(0).equals("--ros-args")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unexpected argument '" + tail.get(0) + "'");
    }
    try {
      RosArgs ros = RosArgs.parse(tail.toArray(String[]::new));
      if (!ros.overrides().isEmpty() || !ros.paramFiles().isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), spec.qualifiedName() + " has no parameters (got "
            + String.join(", ", ros.overrides().keySet()) + ros.paramFiles() + ")");
      }
      return ros;
    } catch (ParameterException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
