package dev.clip2scene.nodes.cli.importer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene import}: datasets in their published layouts -> rosbag2 bags. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Convert a dataset folder into a rosbag2 bag for pretraining and evaluation.",
    subcommands = {ImportKittiCommand.class, ImportNuScenesCommand.class})
public final class ImportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a sub-verb is required: kitti or nuscenes");
  }
}
