package dev.clip2scene.nodes.pretrain;

import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test inputs shared by the pretraining tests: the three KITTI object frames and the SemanticKITTI scan imported as
 * bags, and a config for the tiny CLIP (64 px images, 32-d embeddings) with a small network.
 */
final class TinyRun {
  private TinyRun() {}

  /** The KITTI object frames as a bag (images + calibration, no labels). */
  static Path kittiBag(Path tmp) {
    Path kitti = Fixtures.sharedData("kitti/object");
    Path bag = tmp.resolve("kitti-bag");
    run("import", "kitti", kitti.toString(), "--out", bag.toString());
    return bag;
  }

  /** The SemanticKITTI scan as a one-frame odometry sequence (LiDAR + labels, no images), linked, not copied. */
  static Path labelledBag(Path tmp) throws IOException {
    Path sk = Fixtures.sharedData("semantickitti");
    Path seq = tmp.resolve("sequence");
    Files.createDirectories(seq.resolve("velodyne"));
    Files.createDirectories(seq.resolve("labels"));
    Files.createSymbolicLink(seq.resolve("velodyne/000000.bin"), sk.resolve("000000.bin").toAbsolutePath());
    Files.createSymbolicLink(seq.resolve("labels/000000.label"), sk.resolve("000000.label").toAbsolutePath());
    Path bag = tmp.resolve("labelled-bag");
    run("import", "kitti", seq.toString(), "--out", bag.toString(), "--storage", "sqlite3");
    return bag;
  }

  /** The small network and the tiny CLIP as teacher (64-row images, 64 x 112 crops), as YAML sections. */
  static String networkAndTeacher() {
    Path clip = Fixtures.sharedData("clip");
    return """
        network:
          widths: [8, 8, 8, 8, 8, 8, 8, 8, 8]
          blocks: [1, 1, 1, 1, 1, 1, 1, 1]
          voxel_size: 0.4
        teacher:
          weights: %s
          tokenizer: %s
          vision_heads: 1
          text_heads: 2
          crop: [64, 112]
          image_height: 64
        """.formatted(clip.resolve("tiny-vit/tiny-clip-vit.safetensors"), clip.resolve("bpe_simple_vocab_16e6.txt.gz"));
  }

  static Path config(Path tmp, String extra) throws IOException {
    String yaml = networkAndTeacher() + """
        loss:
          semantic: contrastive
          spatial: paper
          s3t: point
          s3t_start_epoch: 1
        optim:
          lr: 0.01
        train:
          epochs: 2
          batch_size: 2
        """ + extra;
    Path f = tmp.resolve("config.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  /** What a verb run in-process printed and returned. */
  record Result(int exitCode, String out, String err) {}

  /** Runs a verb in-process. */
  static Result execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int rc = cli.execute(args);
    return new Result(rc, out.toString(), err.toString());
  }

  /** Runs a verb in-process; fails with its output unless it exits 0. */
  static String run(String... args) {
    Result r = execute(args);
    if (r.exitCode() != 0) throw new AssertionError(String.join(" ", args) + " exited " + r.exitCode() + ": " + r.err() + r.out());
    return r.out();
  }
}
