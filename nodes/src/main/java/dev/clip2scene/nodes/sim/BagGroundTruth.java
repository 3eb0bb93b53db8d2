package dev.clip2scene.nodes.sim;

import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Function;

/**
 * The ground-truth label image of a camera image in a simulated bag, for {@link
 * dev.clip2scene.model.teacher.SimulatedTeacher}: the key's image topic /x/image_raw maps to /x/labels at the same
 * stamp (log time). Read on demand through the bag's index, so memory stays one image. The caller owns the bag.
 */
public final class BagGroundTruth implements Function<TeacherKey, PixelLabels> {
  private final BagReader bag;
  private final int classes;

  public BagGroundTruth(BagReader bag, int classes) {
    this.bag = bag;
    this.classes = classes;
  }

  @Override
  public PixelLabels apply(TeacherKey key) {
    String topic = LabelImages.labelsTopic(key.topic());
    try (MessageCursor c = bag.messages(new MessageFilter(Set.of(topic), key.stampNs(), key.stampNs()))) {
      BagMessage m = c.next();
      return m == null ? null : LabelImages.decode(MessageTypes.IMAGE.decode(m.data()), classes);
    } catch (IOException e) {
      throw new UncheckedIOException(bag.path() + ": cannot read " + topic + ": " + e.getMessage(), e);
    }
  }
}
