package dev.clip2scene.nodes.bag;

/**
 * A topic in a bag: what {@code ros2 bag info} lists, plus what a writer needs to reproduce it.
 *
 * @param offeredQosProfiles the publishers' QoS as rosbag2's YAML text ("" when unknown)
 * @param typeDescriptionHash RIHS01 hash of the type ("" in bags before Iron)
 */
public record TopicInfo(
    String name,
    String type,
    String serializationFormat,
    String offeredQosProfiles,
    String typeDescriptionHash,
    MessageDefinition definition,
    long messageCount) {

  public TopicInfo {
    serializationFormat = serializationFormat == null || serializationFormat.isEmpty() ? "cdr" : serializationFormat;
    offeredQosProfiles = offeredQosProfiles == null ? "" : offeredQosProfiles;
    typeDescriptionHash = typeDescriptionHash == null ? "" : typeDescriptionHash;
    definition = definition == null ? MessageDefinition.NONE : definition;
  }

  public TopicInfo withCount(long count) {
    return new TopicInfo(name, type, serializationFormat, offeredQosProfiles, typeDescriptionHash, definition, count);
  }
}
