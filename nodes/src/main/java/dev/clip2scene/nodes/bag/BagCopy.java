package dev.clip2scene.nodes.bag;

import dev.clip2scene.msgs.MessageTypes;
import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;

/** Copies the messages a filter accepts from one bag into a new one (convert, filter). */
public final class BagCopy {
  private BagCopy() {}

  /** Messages copied and the damage met in the source (the copy holds everything before it). */
  public record Result(long messages, List<BagFormatException> damage) {}

  /** Copies; PROGRESS receives the running message count now and then. */
  public static Result copy(BagReader in, BagWriter out, MessageFilter filter, LongConsumer progress)
      throws IOException {
    for (TopicInfo t : in.info().topics()) {
      if (filter.acceptsTopic(t.name())) out.addTopic(withDefinition(t));
    }
    long n = 0;
    try (MessageCursor c = in.messages(filter)) {
      for (BagMessage m = c.next(); m != null; m = c.next()) {
        out.write(m);
        if (++n % 256 == 0) progress.accept(n);
      }
    }
    progress.accept(n);
    return new Result(n, in.damage());
  }

  /** Bags from before Iron store no definitions; msgs supplies the ones it knows, so Foxglove can decode. */
  static TopicInfo withDefinition(TopicInfo t) {
    if (!t.definition().isEmpty()) return t;
    return MessageTypes.find(t.type())
        .map(type -> new TopicInfo(t.name(), t.type(), t.serializationFormat(), t.offeredQosProfiles(),
            t.typeDescriptionHash(), new MessageDefinition("ros2msg", type.schemaText()), t.messageCount()))
        .orElse(t);
  }

  /** The number of messages FILTER's topics hold (the time window is not counted), for progress bars. */
  public static long expected(BagInfo info, MessageFilter filter) {
    return info.topics().stream().filter(t -> filter.acceptsTopic(t.name())).mapToLong(TopicInfo::messageCount)
        .sum();
  }
}
