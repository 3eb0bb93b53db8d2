package dev.clip2scene.nodes.cli.pretrain;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** A PrintStream onto a verb's error writer, so a run's notes go where picocli sends its errors (tests capture both). */
final class ConsoleLines extends OutputStream {
  private final PrintWriter out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private ConsoleLines(PrintWriter out) {
    this.out = out;
  }

  static PrintStream of(picocli.CommandLine.Model.CommandSpec spec) {
    return new PrintStream(new ConsoleLines(spec.commandLine().getErr()), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    line.write(b);
    if (b == '\n') flush();
  }

  @Override
  public synchronized void flush() {
    if (line.size() == 0) return;
    out.print(line.toString(StandardCharsets.UTF_8));
    out.flush();
    line.reset();
  }
}
