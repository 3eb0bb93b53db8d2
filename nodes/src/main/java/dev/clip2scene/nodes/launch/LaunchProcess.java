package dev.clip2scene.nodes.launch;

import java.util.List;

/**
 * One process a launch file asks for, fully resolved.
 *
 * @param name the node name (or the executable's name)
 * @param pkg the node's package, empty for {@code executable}
 * @param exec the node's executable, or the command's program
 * @param command the argument vector; for clip2scene nodes it starts with "clip2scene" and the verb
 * @param output "screen" or "log"
 * @param origin file and element, for messages
 */
public record LaunchProcess(String name, String pkg, String exec, List<String> command, String output, String origin) {
  public LaunchProcess {
    command = List.copyOf(command);
  }

  public boolean isClip2SceneNode() {
    return ClipExecutables.PACKAGE.equals(pkg);
  }

  /** The command as a shell-like line. */
  public String commandLine() {
    StringBuilder b = new StringBuilder();
    for (String a : command) {
      if (b.length() > 0) b.append(' ');
      b.append(a.isEmpty() || a.matches(".*[\\s'\"$\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
    }
    return b.toString();
  }
}
