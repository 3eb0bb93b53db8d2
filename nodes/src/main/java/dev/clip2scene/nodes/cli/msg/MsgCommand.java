package dev.clip2scene.nodes.cli.msg;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene msg ...}: the message types clip2scene speaks, like {@code ros2 interface}. */
@Command(name = "msg", mixinStandardHelpOptions = true,
    description = "ROS 2 message types: list them, show their definitions, decode CDR payloads, benchmark decoding.",
    subcommands = {MsgListCommand.class, MsgShowCommand.class, MsgDecodeCommand.class, MsgBenchCommand.class})
public final class MsgCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a sub-verb is required (list, show, decode, bench)");
  }
}
