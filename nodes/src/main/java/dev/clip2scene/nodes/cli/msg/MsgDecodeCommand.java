package dev.clip2scene.nodes.cli.msg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.nodes.json.MessageJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip2scene msg decode --type TYPE FILE}: a raw CDR payload as YAML (default) or JSON. */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = "Decode a raw CDR payload (with its 4-byte encapsulation header) to YAML, or JSON with --json.")
final class MsgDecodeCommand implements Callable<Integer> {
  /** Payload files above this size are refused rather than read into memory. */
  static final long MAX_PAYLOAD_BYTES = 1L << 30;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--type", required = true, paramLabel = "TYPE", description = "e.g. sensor_msgs/msg/PointCloud2")
  String type;

  @Option(names = "--schema", paramLabel = "FILE",
      description = "ros2msg schema text of TYPE, for types clip2scene does not ship (as found in a bag).")
  Path schema;

  @Option(names = "--json", description = "Print JSON instead of YAML.")
  boolean json;

  @Option(names = "--points", paramLabel = "N", defaultValue = "5",
      description = "PointCloud2: decode the first N points per field (default ${DEFAULT-VALUE}).")
  int points;

  @Option(names = "--bytes", paramLabel = "N", defaultValue = "16",
      description = "Show the first N values of byte arrays (default ${DEFAULT-VALUE}).")
  int bytes;

  @Parameters(paramLabel = "FILE", description = "The payload: CDR bytes starting with the encapsulation header.")
  Path file;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    if (points < 0 || bytes < 0) throw new CommandLine.ParameterException(cmd, "--points and --bytes must be >= 0");
    String schemaText;
    String typeName;
    if (schema != null) {
      schemaText = new String(read(schema, "schema"), StandardCharsets.UTF_8);
      typeName = type;
    } else {
      RosMessageType<?> t = MsgTypeArgument.resolve(cmd, type);
      schemaText = t.schemaText();
      typeName = t.name();
    }
    byte[] payload = read(file, "payload");
    ObjectNode decoded = new MessageJson(bytes, points).decode(typeName, schemaText, payload);
    ObjectMapper mapper = json ? new ObjectMapper()
        : new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    PrintWriter out = cmd.getOut();
    String text = json ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(decoded)
        : mapper.writeValueAsString(decoded);
    out.print(text.endsWith("\n") ? text : text + "\n");
    out.flush();
    return 0;
  }

  private static byte[] read(Path f, String what) throws IOException {
    try {
      long size = Files.size(f);
      if (size > MAX_PAYLOAD_BYTES) throw new IOException(what + " " + f + " has " + size + " bytes, over 1 GiB");
      return Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(what + " file " + f + " does not exist");
    }
  }
}
