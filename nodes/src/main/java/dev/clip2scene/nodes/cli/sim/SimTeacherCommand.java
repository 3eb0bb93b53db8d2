package dev.clip2scene.nodes.cli.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.teacher.ClassSimilarity;
import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.model.teacher.SimulatedTeacherSettings;
import dev.clip2scene.nodes.cli.clip.ImageFiles;
import dev.clip2scene.nodes.sim.LabelPngs;
import dev.clip2scene.nodes.sim.SimPreview;
import dev.clip2scene.nodes.sim.TeacherExport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip2scene sim teacher BAG}: runs the simulated teacher on a simulated bag's images and measures it. */
@Command(name = "teacher", mixinStandardHelpOptions = true,
    description = {"Run the simulated teacher (a stand-in for CLIP built from ground truth, NOT CLIP) on every camera "
        + "image of a bag written by `clip2scene sim` and measure its pixel pseudo-labels against the label images: "
        + "pixel accuracy, mIoU, and the share of wrong pixels given a similar class."})
final class SimTeacherCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BAG", description = "a bag written by clip2scene sim")
  Path bag;

  @Option(names = "--accuracy", defaultValue = "0.5", paramLabel = "A", description = "target pixel accuracy (default: ${DEFAULT-VALUE})")
  double accuracy;

  @Option(names = "--similar-share", defaultValue = "0.8", paramLabel = "S", description = "share of blob errors given a similar class (default: ${DEFAULT-VALUE})")
  double similarShare;

  @Option(names = "--bleed", defaultValue = "0.3", paramLabel = "P", description = "boundary bleeding probability (default: ${DEFAULT-VALUE})")
  double bleed;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "teacher noise seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--png", paramLabel = "DIR", description = "write the first image's teacher labels over it as PNG")
  Path png;

  @Option(names = "--export", paramLabel = "DIR", description = "also write every image's teacher labels as 8-bit PNG "
      + "(patch grid, class ids, 255 = none) to DIR/<image topic>/<stamp_ns>.png, the layout of a precomputed teacher")
  Path export;

  @Option(names = "--json", description = "print a JSON summary")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    List<String> vocabulary = Vocabulary.resolve("nuscenes").classes();
    SimulatedTeacherSettings settings;
    try {
      settings = new SimulatedTeacherSettings(accuracy, 0.05, similarShare, bleed, 3, 16, seed);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
    TeacherExport teacher = new TeacherExport(settings, vocabulary);
    ClassSimilarity similarity = teacher.similarity();
    int[] images = {0};
    List<String> pngs = new ArrayList<>();
    ConfusionMatrix matrix = teacher.run(bag, l -> {
      try {
        if (export != null) LabelPngs.write(export, l.topic(), l.stampNs(), l.teacher());
        if (png != null && images[0] == 0) pngs.add(writePng(l.image().get(), l.teacher(), l.topic()).toString());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      images[0]++;
    });
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("images", images[0]);
    summary.put("configured_accuracy", accuracy);
    summary.put("pixel_accuracy", round(matrix.accuracy()));
    summary.put("pixel_miou", round(matrix.meanIou()));
    summary.put("similar_error_share", round(similarity.similarErrorShare(matrix)));
    summary.put("teacher", settings.describe());
    summary.put("png", pngs);
    summary.put("export", export == null ? null : export.toString());
    PrintWriter o = cli.getOut();
    if (json) {
      o.println(new ObjectMapper().writeValueAsString(summary));
    } else {
      o.printf("simulated teacher (not CLIP) on %d images: pixel accuracy %.3f (configured %.2f), pixel mIoU %.3f, "
          + "%.0f%% of wrong pixels in a similar class%n", images[0], matrix.accuracy(), accuracy, matrix.meanIou(),
          100 * similarity.similarErrorShare(matrix));
      pngs.forEach(p -> o.println("  wrote " + p));
    }
    o.flush();
    return 0;
  }

  private Path writePng(RgbImage image, PixelLabels labels, String topic) throws java.io.IOException {
    Files.createDirectories(png);
    Path file = png.resolve(topic.substring(1).replace('/', '_') + "_teacher.png");
    ImageFiles.writePng(file, SimPreview.overlay(image, labels.toImage(image.width(), image.height())));
    return file;
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
