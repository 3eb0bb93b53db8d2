package dev.clip2scene.nodes.cli.bag;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.nodes.bag.BagInfo;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagMessageDecoder;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageDecodeException;
import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.json.MessageJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip2scene bag cat PATH --topic T [--limit N] [--json]}: a topic's messages, decoded through msgs. */
@Command(name = "cat", mixinStandardHelpOptions = true,
    description = "Print the messages of one topic in time order, decoded (one JSON object per line with --json).")
final class BagCatCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PATH", description = "bag folder, .mcap or .db3 file")
  Path path;

  @Option(names = "--topic", required = true, paramLabel = "T", description = "the topic to print")
  String topic;

  @Option(names = "--limit", paramLabel = "N", description = "stop after N messages (default: all)")
  long limit = Long.MAX_VALUE;

  @Option(names = "--json", description = "one JSON object per line: topic, type, log_time_ns, publish_time_ns, "
      + "message")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (limit < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be >= 0");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    try (BagReader reader = BagReader.open(path)) {
      BagInfo info = reader.info();
      TopicInfo wanted = info.topics().stream().filter(t -> t.name().equals(topic)).findFirst().orElse(null);
      if (wanted == null) {
        err.println("bag cat: topic " + topic + " is not in " + path + " (topics: "
            + String.join(", ", info.topics().stream().map(TopicInfo::name).toList()) + ")");
        return Damage.FAILED;
      }
      if (!wanted.serializationFormat().equals("cdr")) {
        err.println("bag cat: topic " + topic + " is serialized as '" + wanted.serializationFormat()
            + "'; only cdr decodes");
        return Damage.FAILED;
      }
      MessageJson render = new MessageJson();
      long printed = 0;
      try (MessageCursor c = reader.messages(MessageFilter.ofTopics(Set.of(topic)))) {
        for (BagMessage m = c.next(); m != null && printed < limit; m = c.next(), printed++) {
          try {
            ObjectNode o = envelope(m, decode(render, wanted, m));
            out.print(json ? CliJson.line(o) + System.lineSeparator() : CliJson.yaml(o));
          } catch (MessageDecodeException e) {
            out.flush();
            err.println("bag cat: " + e.getMessage());
            failed++;
          }
        }
      }
      out.flush();
      int code = Damage.report("bag cat", reader.damage(), err);
      return failed > 0 ? Damage.FAILED : code;
    }
  }

  /**
   * Types msgs knows are decoded to their records first, which also checks sizes CDR cannot (a truncated image);
   * then every message is rendered through its schema: the bag's own definition, else the one msgs ships.
   */
  private static ObjectNode decode(MessageJson render, TopicInfo topic, BagMessage m) throws MessageDecodeException {
    if (MessageTypes.find(m.type()).isPresent()) BagMessageDecoder.decode(m);
    try {
      MessageDefinition def = topic.definition();
      return def.encoding().equals("ros2msg") && !def.isEmpty() ? render.decode(m.type(), def.text(), m.data())
          : render.decode(m.type(), m.data());
    } catch (RuntimeException e) {
      throw new MessageDecodeException(m, e.getMessage(), e);
    }
  }

  private static ObjectNode envelope(BagMessage m, ObjectNode message) {
    ObjectNode o = CliJson.object();
    o.put("topic", m.topic());
    o.put("type", m.type());
    o.put("log_time_ns", m.logTimeNs());
    o.put("publish_time_ns", m.publishTimeNs());
    o.set("message", message);
    return o;
  }
}
