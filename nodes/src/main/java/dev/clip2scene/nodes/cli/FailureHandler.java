package dev.clip2scene.nodes.cli;

import dev.clip2scene.model.io.FileErrors;
import picocli.CommandLine;

/**
 * Turns an exception escaping a verb into one clear line on stderr and exit code 1. A stack trace is printed only
 * with {@code CLIP2SCENE_DEBUG=1}, never as the only message.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
    String msg = ex instanceof java.io.IOException io ? FileErrors.describe(io)
        : ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    cmd.getErr().println(cmd.getCommandName() + ": error: " + msg);
    if ("1".equals(System.getenv("CLIP2SCENE_DEBUG"))) {
      ex.printStackTrace(cmd.getErr());
    }
    return FAILED;
  }
}
