package dev.clip2scene.nodes.cli.bag;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene bag}: inspect, print, convert and filter rosbag2 bags (MCAP and sqlite3). */
@Command(
    name = "bag",
    mixinStandardHelpOptions = true,
    description = "Read, write, play and record rosbag2 bags (folders with metadata.yaml, or single .mcap / .db3 files).",
    subcommands = {
        BagInfoCommand.class,
        BagCatCommand.class,
        BagConvertCommand.class,
        BagFilterCommand.class,
        BagBenchCommand.class,
        BagPlayCommand.class,
        BagRecordCommand.class,
    })
public final class BagCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a sub-verb is required: info, cat, convert, "
        + "filter, bench, play or record");
  }
}
