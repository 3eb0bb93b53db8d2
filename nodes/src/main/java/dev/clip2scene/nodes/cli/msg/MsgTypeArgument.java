package dev.clip2scene.nodes.cli.msg;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import picocli.CommandLine;

/** Resolves a TYPE argument; an unknown name is a usage error (exit 2) that points at `msg list`. */
final class MsgTypeArgument {
  private MsgTypeArgument() {}

  static RosMessageType<?> resolve(CommandLine cmd, String name) {
    return MessageTypes.find(name).orElseThrow(() -> new CommandLine.ParameterException(cmd,
        "unknown message type '" + name + "' (see `clip2scene msg list`)"));
  }
}
