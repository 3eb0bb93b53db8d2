package dev.clip2scene.nodes.cli.msg;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.msgs.RosMessageType;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip2scene msg show TYPE}: the ros2msg schema text, as rosbag2 stores it (like `ros2 interface show`). */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Print a type's definition with its dependencies (the ros2msg text rosbag2 stores).")
final class MsgShowCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TYPE", description = "e.g. sensor_msgs/msg/PointCloud2 or sensor_msgs/PointCloud2")
  String type;

  @Option(names = "--json", description = "Print {name, dds_type, schema}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    RosMessageType<?> t = MsgTypeArgument.resolve(spec.commandLine(), type);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.createObjectNode()
          .put("name", t.name()).put("dds_type", t.ddsTypeName()).put("schema", t.schemaText())));
    } else {
      out.print(t.schemaText());
    }
    out.flush();
    return 0;
  }
}
