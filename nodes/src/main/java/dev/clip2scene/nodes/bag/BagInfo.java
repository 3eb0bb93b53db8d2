package dev.clip2scene.nodes.bag;

import java.nio.file.Path;
import java.util.List;

/**
 * What a bag holds, counted from its storage files (not copied from metadata.yaml).
 *
 * @param storage "mcap", "sqlite3", or both joined with "+" when a folder mixes them
 * @param startNs log time of the first message (0 when the bag is empty)
 * @param endNs log time of the last message (0 when the bag is empty)
 */
public record BagInfo(
    String storage, List<Path> files, long messageCount, long startNs, long endNs, List<TopicInfo> topics) {

  public BagInfo {
    files = List.copyOf(files);
    topics = List.copyOf(topics);
  }

  public long durationNs() {
    return messageCount == 0 ? 0 : endNs - startNs;
  }
}
