package dev.clip2scene.nodes.cli;

import picocli.CommandLine;

/** The version written into the jar manifest at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Clip2SceneCommand.class.getPackage().getImplementationVersion();
    return new String[] {"clip2scene " + (v == null ? "(development build)" : v)};
  }
}
