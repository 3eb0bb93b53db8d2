package dev.clip2scene.nodes.sim;

import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.teacher.ClassSimilarity;
import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.model.teacher.SimulatedTeacher;
import dev.clip2scene.model.teacher.SimulatedTeacherSettings;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageCursor;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.image.ImageDecoder;
import dev.clip2scene.model.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the simulated teacher (NOT CLIP) over every camera image of a simulated bag and writes its patch labels as
 * label PNGs in the precomputed-teacher layout ({@link LabelPngs}), so that pretraining reads them like any other
 * precomputed teacher. Returns the teacher's pixel confusion against the bag's label images.
 */
public final class TeacherExport {
  private final SimulatedTeacherSettings settings;
  private final List<String> vocabulary;

  public TeacherExport(SimulatedTeacherSettings settings, List<String> vocabulary) {
    this.settings = settings;
    this.vocabulary = List.copyOf(vocabulary);
  }

  /** One image with the teacher's labels (patch grid) and the ground truth (image size). */
  public record Labelled(String topic, long stampNs, Supplier<RgbImage> image, PixelLabels teacher, PixelLabels truth) {}

  /** Writes DIR/<image topic>/<stamp>.png for each image of BAG; the matrix compares them with the truth per pixel. */
  public ConfusionMatrix export(Path bag, Path dir) throws IOException {
    return run(bag, l -> {
      try {
        LabelPngs.write(dir, l.topic(), l.stampNs(), l.teacher());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Runs the teacher on each image of BAG in log-time order, handing each result to EACH; returns the pixel confusion. */
  public ConfusionMatrix run(Path bag, Consumer<Labelled> each) throws IOException {
    ClassSimilarity similarity = similarity();
    ConfusionMatrix matrix = new ConfusionMatrix(vocabulary.size(), PseudoLabels.IGNORE);
    try (BagReader reader = BagReader.open(bag); BagReader truthReader = BagReader.open(bag)) {
      Set<String> topics = new TreeSet<>();
      for (TopicInfo t : reader.info().topics()) {
        if (t.name().endsWith("/image_raw") && t.type().equals(MessageTypes.IMAGE.name())) topics.add(t.name());
      }
      if (topics.isEmpty()) throw new IllegalArgumentException(bag + ": no /.../image_raw image topics (not a simulated bag?)");
      BagGroundTruth truth = new BagGroundTruth(truthReader, vocabulary.size());
      SimulatedTeacher teacher = new SimulatedTeacher(settings, similarity, truth, null);
      // the teacher's noise is seeded by the key: the bag's name, not its path, keeps it the same wherever the bag lies
      String source = bag.toAbsolutePath().normalize().getFileName().toString();
      try (MessageCursor c = reader.messages(MessageFilter.ofTopics(topics))) {
        for (BagMessage m = c.next(); m != null; m = c.next()) {
          Image img = MessageTypes.IMAGE.decode(m.data());
          TeacherKey key = new TeacherKey(source, m.topic(), m.logTimeNs(), teacher.weightsHash(),
              TeacherKey.Crop.whole(img.width(), img.height()));
          PixelLabels gt = truth.apply(key);
          if (gt == null) throw new IllegalArgumentException(bag + ": no " + LabelImages.labelsTopic(m.topic()) + " at " + m.logTimeNs() + " ns");
          PixelLabels out = teacher.output(key, () -> ImageDecoder.decode(img)).labels();
          matrix.add(gt.labels(), out.toImage(gt.width(), gt.height()));
          each.accept(new Labelled(m.topic(), m.logTimeNs(), () -> ImageDecoder.decode(img), out, gt));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return matrix;
  }

  /** The nuScenes similar-class groups over this vocabulary. */
  public ClassSimilarity similarity() {
    return ClassSimilarity.of(ClassSimilarity.NUSCENES, vocabulary);
  }
}
