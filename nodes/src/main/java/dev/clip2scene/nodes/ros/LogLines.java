package dev.clip2scene.nodes.ros;

import dev.clip2scene.msgs.rcl.Log;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process's log lines as they are written: SLF4J's simple logger writes each one to System.err as
 * "[thread] LEVEL logger - message" (optionally after a date); a tee on System.err parses those lines and hands the
 * ones at INFO and above to the registered sinks, unchanged on the console.
 */
final class LogLines {
  /** One parsed log line. */
  record Line(int level, String logger, String message) {}

  private static final Pattern LINE = Pattern.compile("^(?:.*? )?\\[[^\\]]*\\] (INFO|WARN|ERROR) (\\S+) - (.*)$");
  private static final List<Consumer<Line>> SINKS = new CopyOnWriteArrayList<>();
  private static final ThreadLocal<Boolean> IN_SINK = ThreadLocal.withInitial(() -> false);
  private static boolean installed;

  private LogLines() {}

  static synchronized void addSink(Consumer<Line> sink) {
    if (!installed) {
      System.setErr(new PrintStream(new Tee(System.err), true, StandardCharsets.UTF_8));
      installed = true;
    }
    SINKS.add(sink);
  }

  static void removeSink(Consumer<Line> sink) {
    SINKS.remove(sink);
  }

  /** LINE parsed, or null when it is no log line at INFO or above. */
  static Line parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) return null;
    int level = switch (m.group(1)) {
      case "INFO" -> Log.INFO;
      case "WARN" -> Log.WARN;
      default -> Log.ERROR;
    };
    return new Line(level, m.group(2), m.group(3));
  }

  /** Copies every byte to the console and cuts the stream into lines for the sinks. */
  private static final class Tee extends OutputStream {
    private final PrintStream console;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Tee(PrintStream console) {
      this.console = console;
    }

    @Override
    public synchronized void write(int b) {
      console.write(b);
      take(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      console.write(b, off, len);
      for (int i = off; i < off + len; i++) take(b[i]);
    }

    @Override
    public void flush() {
      console.flush();
    }

    private void take(int b) {
      if (b != '\n') {
        if (pending.size() < 64 * 1024) pending.write(b);
        return;
      }
      String text = pending.toString(StandardCharsets.UTF_8).stripTrailing();
      pending.reset();
      Line line = parse(text);
      if (line == null || IN_SINK.get()) return;
      IN_SINK.set(true);
      try {
        for (Consumer<Line> s : SINKS) s.accept(line);
      } finally {
        IN_SINK.set(false);
      }
    }
  }
}
