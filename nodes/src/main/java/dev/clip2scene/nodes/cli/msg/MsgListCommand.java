package dev.clip2scene.nodes.cli.msg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip2scene msg list}: every message type clip2scene decodes and encodes. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the message types clip2scene speaks.")
final class MsgListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print a JSON array of {name, dds_type}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ArrayNode a = mapper.createArrayNode();
      for (RosMessageType<?> t : MessageTypes.all()) a.addObject().put("name", t.name()).put("dds_type", t.ddsTypeName());
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(a));
    } else {
      for (RosMessageType<?> t : MessageTypes.all()) out.println(t.name());
    }
    out.flush();
    return 0;
  }
}
