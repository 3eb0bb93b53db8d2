package dev.clip2scene.nodes.pretrain;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** MODEL_DIR/train.log: timestamped lines, appended and flushed one by one; notes are echoed to the console too. */
public final class TrainLog implements AutoCloseable {
  private final Writer out;
  private final PrintStream console;

  public TrainLog(Path file, PrintStream console) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    this.console = console;
  }

  /** A line for the log file only. */
  public void line(String text) {
    try {
      out.write(Instant.now() + " " + text + "\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the training log: " + e.getMessage(), e);
    }
  }

  /** A line for the log and the console. */
  public void note(String text) {
    line(text);
    if (console != null) console.println(text);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
