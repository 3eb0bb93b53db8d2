package dev.clip2scene.nodes.cli.calib;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene calib}: camera calibration files and projection. */
@Command(
    name = "calib",
    mixinStandardHelpOptions = true,
    description = "Check calibration folders, draw LiDAR projections, measure projection speed.",
    subcommands = {CalibCheckCommand.class, CalibOverlayCommand.class, CalibBenchCommand.class})
public final class CalibCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a sub-verb is required (check, overlay, bench)");
  }

  /** The shipped calibration/NAME folder of the repository the jar was built in, else ./calibration/NAME. */
  static java.nio.file.Path shippedRig(String name) {
    try {
      java.nio.file.Path jar = java.nio.file.Path.of(
          CalibCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // nodes/target/clip2scene.jar or nodes/target/classes -> repository root
      java.nio.file.Path root = jar.getParent().getParent().getParent();
      java.nio.file.Path rig = root.resolve("calibration").resolve(name);
      if (java.nio.file.Files.isDirectory(rig)) return rig;
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // fall through to the working directory
    }
    return java.nio.file.Path.of("calibration", name);
  }
}
