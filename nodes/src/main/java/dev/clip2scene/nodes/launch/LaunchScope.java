package dev.clip2scene.nodes.launch;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What substitutions see while a launch file is evaluated: launch arguments and lets, the ROS namespace pushed by
 * groups, the current file (for $(dirname)) and the package root (for $(find-pkg-share clip2scene)).
 */
final class LaunchScope {
  final Map<String, String> vars;
  final String namespace;
  final Path file;
  final Path packageRoot;
  final Map<String, String> env;

  LaunchScope(Map<String, String> vars, String namespace, Path file, Path packageRoot, Map<String, String> env) {
    this.vars = vars;
    this.namespace = namespace;
    this.file = file;
    this.packageRoot = packageRoot;
    this.env = env;
  }

  /** A child scope: its own copy of the variables (a scoped group), same file. */
  LaunchScope child(String namespace) {
    return new LaunchScope(new HashMap<>(vars), namespace, file, packageRoot, env);
  }

  /** The same variables (an unscoped group, or a namespace push inside a group) under NAMESPACE. */
  LaunchScope withNamespace(String namespace) {
    return new LaunchScope(vars, namespace, file, packageRoot, env);
  }

  /** The scope of an included file: only the arguments passed to it. */
  LaunchScope include(Path included, Map<String, String> args) {
    return new LaunchScope(new HashMap<>(args), namespace, included, packageRoot, env);
  }
}
