package dev.clip2scene.nodes.bag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Test messages and comparisons. */
final class BagMessages {
  private BagMessages() {}

  static final TopicInfo CHATTER = new TopicInfo("/chatter", "std_msgs/msg/String", "cdr", "", "",
      new MessageDefinition("ros2msg", "string data\n"), 0);
  static final TopicInfo COUNTER = new TopicInfo("/counter", "std_msgs/msg/UInt32", "cdr",
      "- history: 3\n  depth: 0\n  reliability: 1\n  durability: 2", "RIHS01_00",
      new MessageDefinition("ros2msg", "uint32 data\n"), 0);

  /**
   * N messages alternating /chatter (a CDR string of varying length) and /counter (a CDR uint32); log times grow
   * by 1 ms, except every 7th message is stamped 2.5 ms early (recorders see such reordering).
   */
  static List<BagMessage> synthetic(int n, long seed) {
    Random rnd = new Random(seed);
    List<BagMessage> list = new ArrayList<>();
    long t0 = 1_700_000_000_000_000_000L;
    for (int i = 0; i < n; i++) {
      long t = t0 + i * 1_000_000L - (i % 7 == 6 ? 2_500_000L : 0);
      byte[] data;
      if (i % 2 == 0) {
        byte[] text = ("msg " + i + " " + "x".repeat(rnd.nextInt(200))).getBytes(StandardCharsets.UTF_8);
        data = new byte[4 + 4 + text.length + 1];
        data[1] = 1;
        data[4] = (byte) (text.length + 1);
        data[5] = (byte) ((text.length + 1) >> 8);
        System.arraycopy(text, 0, data, 8, text.length);
        list.add(new BagMessage(CHATTER.name(), CHATTER.type(), t, t - 10, data));
      } else {
        data = new byte[] {0, 1, 0, 0, (byte) i, (byte) (i >> 8), 0, 0};
        list.add(new BagMessage(COUNTER.name(), COUNTER.type(), t, t - 10, data));
      }
    }
    return list;
  }

  /** MESSAGES stably sorted by log time: the order a bag reader must return. */
  static List<BagMessage> timeOrdered(List<BagMessage> messages) {
    List<BagMessage> sorted = new ArrayList<>(messages);
    sorted.sort(Comparator.comparingLong(BagMessage::logTimeNs));
    return sorted;
  }

  static List<BagMessage> readAll(BagReader reader, MessageFilter filter) throws IOException {
    List<BagMessage> list = new ArrayList<>();
    try (MessageCursor c = reader.messages(filter)) {
      for (BagMessage m = c.next(); m != null; m = c.next()) list.add(m);
    }
    return list;
  }

  static void assertSame(List<BagMessage> expected, List<BagMessage> actual, boolean comparePublishTime) {
    assertEquals(expected.size(), actual.size(), "message count");
    for (int i = 0; i < expected.size(); i++) {
      BagMessage e = expected.get(i);
      BagMessage a = actual.get(i);
      String at = "message " + i;
      assertEquals(e.topic(), a.topic(), at);
      assertEquals(e.type(), a.type(), at);
      assertEquals(e.logTimeNs(), a.logTimeNs(), at);
      if (comparePublishTime) assertEquals(e.publishTimeNs(), a.publishTimeNs(), at);
      assertArrayEquals(e.data(), a.data(), at);
    }
  }

  static void writeBag(java.nio.file.Path folder, WriterOptions options, List<BagMessage> messages)
      throws IOException {
    try (BagWriter w = BagWriter.create(folder, options)) {
      w.addTopic(CHATTER);
      w.addTopic(COUNTER);
      for (BagMessage m : messages) w.write(m);
    }
  }
}
