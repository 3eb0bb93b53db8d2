package dev.clip2scene.nodes.cli.bag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.BagInfo;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.TopicInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip2scene bag info PATH [--json]}: what `ros2 bag info` shows, counted from the storage files. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Show a bag's storage, duration, message count and topics.")
final class BagInfoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PATH", description = "bag folder, .mcap or .db3 file")
  Path path;

  @Option(names = "--json", description = "one JSON object: storage, message_count, start_ns, end_ns, topics")
  boolean json;

  @Option(names = "--verify", description = "the full check: read every byte of every file (all CRCs, the MCAP "
      + "data section's included, every chunk against its message index, every sqlite3 row and the database "
      + "integrity check); without it only the summary and counts are compared")
  boolean verify;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (BagReader reader = BagReader.open(path)) {
      BagInfo info = reader.info();
      if (verify) reader.verify();
      if (json) {
        out.println(CliJson.line(json(info, reader)));
      } else {
        printText(info, out);
      }
      out.flush();
      return Damage.report("bag info", reader.damage(), spec.commandLine().getErr());
    }
  }

  private static ObjectNode json(BagInfo info, BagReader reader) {
    ObjectNode o = CliJson.object();
    o.put("storage", info.storage());
    o.put("message_count", info.messageCount());
    o.put("start_ns", info.startNs());
    o.put("end_ns", info.endNs());
    ArrayNode topics = o.putArray("topics");
    for (TopicInfo t : info.topics()) {
      topics.addObject().put("name", t.name()).put("type", t.type()).put("count", t.messageCount())
          .put("serialization_format", t.serializationFormat());
    }
    ArrayNode files = o.putArray("files");
    info.files().forEach(f -> files.add(f.toString()));
    ArrayNode damage = o.putArray("damage");
    for (BagFormatException e : reader.damage()) damage.add(e.getMessage());
    return o;
  }

  private static void printText(BagInfo info, PrintWriter out) throws java.io.IOException {
    long size = 0;
    for (Path f : info.files()) size += Files.size(f);
    out.printf("Files:             %s%n", String.join("\n                   ",
        info.files().stream().map(p -> p.getFileName().toString()).toList()));
    out.printf("Bag size:          %s%n", humanBytes(size));
    out.printf("Storage id:        %s%n", info.storage());
    out.printf("Duration:          %.9fs%n", info.durationNs() / 1e9);
    out.printf("Start:             %s (%d ns)%n", Instant.ofEpochSecond(0, info.startNs()), info.startNs());
    out.printf("End:               %s (%d ns)%n", Instant.ofEpochSecond(0, info.endNs()), info.endNs());
    out.printf("Messages:          %d%n", info.messageCount());
    String prefix = "Topic information: ";
    for (TopicInfo t : info.topics()) {
      out.printf("%sTopic: %s | Type: %s | Count: %d | Serialization Format: %s%n", prefix, t.name(), t.type(),
          t.messageCount(), t.serializationFormat());
      prefix = " ".repeat(prefix.length());
    }
  }

  static String humanBytes(long b) {
    if (b < 1024) return b + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }
}
