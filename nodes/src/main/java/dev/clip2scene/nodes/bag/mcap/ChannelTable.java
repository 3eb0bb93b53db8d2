package dev.clip2scene.nodes.bag.mcap;

import dev.clip2scene.nodes.bag.MessageDefinition;
import dev.clip2scene.nodes.bag.TopicInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schemas and channels of one MCAP file, as found in its summary or while scanning it. */
final class ChannelTable {
  /** What a message needs from its channel. */
  record ChannelRef(int id, String topic, String type) {}

  private final Map<Integer, McapRecords.Schema> schemas = new LinkedHashMap<>();
  private final Map<Integer, McapRecords.Channel> channels = new LinkedHashMap<>();
  private final ChannelRef[] refs = new ChannelRef[1 << 16];

  void add(McapRecords.Schema s) {
    schemas.putIfAbsent(s.id(), s);
  }

  void add(McapRecords.Channel c) {
    if (channels.putIfAbsent(c.id(), c) == null) {
      McapRecords.Schema s = schemas.get(c.schemaId());
      refs[c.id()] = new ChannelRef(c.id(), c.topic(), s == null ? "" : s.name());
    }
  }

  /** The channel of a message, or null when no Channel record defined it (yet). */
  ChannelRef ref(int channelId) {
    ChannelRef r = refs[channelId];
    if (r != null && r.type().isEmpty()) {
      // the Schema record may have come after the Channel record that names it
      McapRecords.Schema s = schemas.get(channels.get(channelId).schemaId());
      if (s != null) refs[channelId] = r = new ChannelRef(r.id(), r.topic(), s.name());
    }
    return r;
  }

  McapRecords.Channel channel(int id) {
    return channels.get(id);
  }

  /** One TopicInfo per topic (channels sharing a topic are merged), counts from COUNTS by channel id. */
  List<TopicInfo> topics(Map<Integer, Long> counts) {
    Map<String, TopicInfo> byTopic = new LinkedHashMap<>();
    for (McapRecords.Channel c : channels.values()) {
      McapRecords.Schema s = schemas.get(c.schemaId());
      long n = counts.getOrDefault(c.id(), 0L);
      TopicInfo known = byTopic.get(c.topic());
      if (known != null) {
        byTopic.put(c.topic(), known.withCount(known.messageCount() + n));
        continue;
      }
      MessageDefinition def = s == null ? MessageDefinition.NONE
          : new MessageDefinition(s.encoding(), new String(s.data(), java.nio.charset.StandardCharsets.UTF_8));
      byTopic.put(c.topic(), new TopicInfo(c.topic(), s == null ? "" : s.name(), c.messageEncoding(),
          c.metadata().getOrDefault("offered_qos_profiles", ""), c.metadata().getOrDefault("topic_type_hash", ""),
          def, n));
    }
    return new ArrayList<>(byTopic.values());
  }
}
