package dev.clip2scene.nodes.bag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bag folder's metadata.yaml (root key {@code rosbag2_bagfile_information}), versions 4 to 9. Version 5 added
 * {@code files}, 7 {@code type_description_hash}, 8 {@code ros_distro}, 9 QoS profiles as a YAML list instead of a
 * YAML string. We write version 9.
 */
public record BagMetadata(
    int version,
    String storageIdentifier,
    List<String> relativeFilePaths,
    long messageCount,
    long startNs,
    long durationNs,
    List<TopicInfo> topics,
    List<FileEntry> files,
    String compressionFormat,
    String compressionMode) {

  public static final String FILE_NAME = "metadata.yaml";
  public static final String ROOT = "rosbag2_bagfile_information";
  public static final int WRITTEN_VERSION = 9;

  /** One storage file's share (version 5+). */
  public record FileEntry(String path, long startNs, long durationNs, long messageCount) {}

  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  public BagMetadata {
    relativeFilePaths = List.copyOf(relativeFilePaths);
    topics = List.copyOf(topics);
    files = List.copyOf(files);
  }

  /** Reads FOLDER/metadata.yaml (or the file itself when FILE is the yaml). */
  public static BagMetadata read(Path file) throws IOException {
    String text = Files.readString(file);
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new BagFormatException(file, "YAML", -1, "not valid YAML: " + e.getMessage(), e);
    }
    JsonNode info = root == null ? null : root.get(ROOT);
    if (info == null) throw new BagFormatException(file, ROOT, -1, "the root key " + ROOT + " is missing");
    return parseInfo(file, info);
  }

  /** Parses the YAML rosbag2 also stores inside a bag (MCAP metadata record, sqlite3 metadata table): no root key. */
  public static BagMetadata parseEmbedded(Path file, String yaml) throws BagFormatException {
    try {
      JsonNode info = YAML.readTree(yaml);
      if (info != null && info.has(ROOT)) info = info.get(ROOT);
      return parseInfo(file, info);
    } catch (BagFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new BagFormatException(file, "embedded metadata", -1, "not valid YAML: " + e.getMessage(), e);
    }
  }

  private static BagMetadata parseInfo(Path file, JsonNode info) throws BagFormatException {
    if (info == null || !info.isObject()) throw new BagFormatException(file, ROOT, -1, "not a mapping");
    int version = info.path("version").asInt(0);
    if (version < 4 || version > WRITTEN_VERSION) {
      throw new BagFormatException(file, "version", -1, "metadata version " + info.path("version").asText()
          + " is not supported (4 to " + WRITTEN_VERSION + ")");
    }
    List<String> paths = new ArrayList<>();
    info.path("relative_file_paths").forEach(p -> paths.add(p.asText()));
    List<TopicInfo> topics = new ArrayList<>();
    for (JsonNode t : info.path("topics_with_message_count")) {
      JsonNode m = t.path("topic_metadata");
      JsonNode qos = m.path("offered_qos_profiles");
      String qosText = qos.isTextual() ? qos.asText() : qos.isMissingNode() || qos.isNull() ? "" : yaml(qos);
      topics.add(new TopicInfo(m.path("name").asText(), m.path("type").asText(),
          m.path("serialization_format").asText("cdr"), qosText, m.path("type_description_hash").asText(""),
          MessageDefinition.NONE, t.path("message_count").asLong()));
    }
    List<FileEntry> files = new ArrayList<>();
    for (JsonNode f : info.path("files")) {
      files.add(new FileEntry(f.path("path").asText(), f.path("starting_time").path("nanoseconds_since_epoch")
          .asLong(), f.path("duration").path("nanoseconds").asLong(), f.path("message_count").asLong()));
    }
    return new BagMetadata(version, info.path("storage_identifier").asText(""), paths,
        info.path("message_count").asLong(), info.path("starting_time").path("nanoseconds_since_epoch").asLong(),
        info.path("duration").path("nanoseconds").asLong(), topics, files,
        info.path("compression_format").asText(""), info.path("compression_mode").asText(""));
  }

  private static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node).strip();
    } catch (IOException e) {
      throw new IllegalStateException("YAML of a parsed node", e);
    }
  }

  /** The mapping under the root key, as rosbag2 also embeds it in MCAP and sqlite3 files. */
  public String embeddedYaml() {
    return yaml(infoNode());
  }

  /** The whole metadata.yaml text. */
  public String fileYaml() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set(ROOT, infoNode());
    return yaml(root) + "\n";
  }

  private ObjectNode infoNode() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode n = f.objectNode();
    n.put("version", WRITTEN_VERSION);
    n.put("storage_identifier", storageIdentifier);
    n.putObject("duration").put("nanoseconds", durationNs);
    n.putObject("starting_time").put("nanoseconds_since_epoch", startNs);
    n.put("message_count", messageCount);
    ArrayNode topicList = n.putArray("topics_with_message_count");
    for (TopicInfo t : topics) {
      ObjectNode entry = topicList.addObject();
      ObjectNode m = entry.putObject("topic_metadata");
      m.put("name", t.name());
      m.put("type", t.type());
      m.put("serialization_format", t.serializationFormat());
      m.set("offered_qos_profiles", qosList(t.offeredQosProfiles()));
      m.put("type_description_hash", t.typeDescriptionHash());
      entry.put("message_count", t.messageCount());
    }
    n.put("compression_format", compressionFormat);
    n.put("compression_mode", compressionMode);
    ArrayNode paths = n.putArray("relative_file_paths");
    relativeFilePaths.forEach(paths::add);
    ArrayNode fileList = n.putArray("files");
    for (FileEntry fe : files) {
      ObjectNode e = fileList.addObject();
      e.put("path", fe.path());
      e.putObject("starting_time").put("nanoseconds_since_epoch", fe.startNs());
      e.putObject("duration").put("nanoseconds", fe.durationNs());
      e.put("message_count", fe.messageCount());
    }
    n.putNull("custom_data");
    n.put("ros_distro", "");
    return n;
  }

  /**
   * Version 9 stores the QoS profiles as a real list with the policies by name (rmw's names: keep_last, reliable,
   * transient_local, automatic, ...); older bags hold a YAML string with the rmw enum numbers.
   */
  private static JsonNode qosList(String qosYaml) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    if (qosYaml.isBlank()) return list;
    JsonNode parsed;
    try {
      parsed = YAML.readTree(qosYaml);
    } catch (IOException e) {
      return list;
    }
    if (parsed == null || !parsed.isArray()) return list;
    for (JsonNode profile : parsed) {
      if (!profile.isObject()) continue;
      ObjectNode named = profile.deepCopy();
      QOS_NAMES.forEach((policy, names) -> {
        JsonNode v = named.get(policy);
        if (v != null && v.canConvertToInt() && v.isIntegralNumber() && v.asInt() >= 0 && v.asInt() < names.size()) {
          named.put(policy, names.get(v.asInt()));
        }
      });
      list.add(named);
    }
    return list;
  }

  /** rmw's QoS policy enums, by number. */
  private static final java.util.Map<String, List<String>> QOS_NAMES = java.util.Map.of(
      "history", List.of("system_default", "keep_last", "keep_all", "unknown"),
      "reliability", List.of("system_default", "reliable", "best_effort", "unknown", "best_available"),
      "durability", List.of("system_default", "transient_local", "volatile", "unknown", "best_available"),
      "liveliness", List.of("system_default", "automatic", "manual_by_node", "manual_by_topic", "unknown",
          "best_available"));
}
