package dev.clip2scene.nodes.cli.calib;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  static Path shippedRig(String name) {
    try {
      Path jar = Path.of(CalibCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // nodes/target/clip2scene.jar or nodes/target/classes -> repository root
      Path rig = jar.getParent().getParent().getParent().resolve("calibration").resolve(name);
      if (Files.isDirectory(rig)) return rig;
    } catch (URISyntaxException | RuntimeException e) {
      // not run from a build tree: fall back to the working directory
    }
    return Path.of("calibration", name);
  }
}
