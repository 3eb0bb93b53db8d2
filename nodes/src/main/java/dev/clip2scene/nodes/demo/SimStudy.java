package dev.clip2scene.nodes.demo;

import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.metrics.ConfusionMatrix;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.sim.LidarConfig;
import dev.clip2scene.model.sim.SimSettings;
import dev.clip2scene.model.sim.Simulator;
import dev.clip2scene.model.teacher.SimulatedTeacherSettings;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.bag.WriterOptions;
import dev.clip2scene.nodes.bag.mcap.ChunkCodec;
import dev.clip2scene.nodes.calibration.Rig;
import dev.clip2scene.nodes.launch.PackageRoot;
import dev.clip2scene.nodes.perception.pipeline.Classifier;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.nodes.sim.SimRecorder;
import dev.clip2scene.nodes.sim.SimRig;
import dev.clip2scene.nodes.sim.SimTopics;
import dev.clip2scene.nodes.sim.TeacherExport;
import dev.clip2scene.nodes.transport.Qos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The synthetic world a demo or a learning benchmark works in: simulated bags (one front camera), the simulated
 * teacher's labels for their images (a stand-in for CLIP, exported in the precomputed-teacher layout), random unit
 * text embeddings standing in for CLIP's (the simulated teacher has no language; any fixed, well separated vectors
 * serve as the classifier), and the pretraining settings that read them.
 */
public final class SimStudy {
  public static final String VOCABULARY = "nuscenes";
  private static final String LIDAR_FRAME = "LIDAR_TOP";

  /**
   * @param cameras how many of the rig's cameras (front first) record images and feed the teacher
   * @param width camera image width (height keeps the rig's aspect)
   * @param raysPerSweep LiDAR rays per revolution (32 beams)
   * @param widths the student network's 9 channel widths (SPVCNN layout)
   * @param dim feature size of the network and the text embeddings
   * @param teacherAccuracy the simulated teacher's pixel accuracy
   */
  public record World(int cameras, int width, int raysPerSweep, int[] widths, int dim, double teacherAccuracy) {
    /** The small world and student of the demo and the learning benchmark. */
    public static World standard(double teacherAccuracy) {
      return new World(1, 480, 8704, new int[] {8, 8, 16, 16, 32, 32, 16, 16, 16}, 32, teacherAccuracy);
    }

    public World withCameras(int k) {
      return new World(k, width, raysPerSweep, widths, dim, teacherAccuracy);
    }

    public World withWidths(int[] w) {
      return new World(cameras, width, raysPerSweep, w.clone(), dim, teacherAccuracy);
    }

    public String describe() {
      return "cameras=" + cameras + ",width=" + width + ",rays=" + raysPerSweep + ",widths=" + java.util.Arrays.toString(widths) + ",dim=" + dim
          + ",teacher=" + teacherAccuracy;
    }
  }

  private final World world;
  private final Path dir;
  private final List<String> classes = Vocabulary.resolve(VOCABULARY).classes();

  /** A study keeping its files under DIR. */
  public SimStudy(World world, Path dir) {
    this.world = world;
    this.dir = dir;
  }

  public World world() {
    return world;
  }

  public Path dir() {
    return dir;
  }

  public List<String> classes() {
    return classes;
  }

  public static String pointsTopic() {
    return SimTopics.points(LIDAR_FRAME);
  }

  /** Records FRAMES of the world of SEED into DIR/NAME (kept when it already holds a finished bag). */
  public Path bag(String name, long seed, int frames, IntConsumer progress) throws IOException {
    return bag(name, seed, frames, Qos.SENSOR_DATA, progress);
  }

  /** As above, the clouds offered with CLOUD_QOS (what `bag play` publishes them with). */
  public Path bag(String name, long seed, int frames, Qos cloudQos, IntConsumer progress) throws IOException {
    Path bag = dir.resolve(name);
    Path done = dir.resolve(name + ".done");
    if (Files.exists(done) && Files.isDirectory(bag)) return bag;
    FileTrees.delete(bag);
    SimRig rig = rig();
    Simulator sim = new Simulator(new SimSettings(seed, frames, LidarConfig.HDL32.withRaysPerSweep(world.raysPerSweep()),
        rig.lidarMount(), rig.cameras(), true));
    Files.createDirectories(dir);
    try (BagWriter writer = BagWriter.create(bag, WriterOptions.MCAP.withCompression(ChunkCodec.byName("lz4")))) {
      new SimRecorder(sim, rig, cloudQos).record(writer, progress, f -> { });
    }
    Files.writeString(done, "");
    return bag;
  }

  /** The simulated rig: the package's nuscenes-like calibration, the world's cameras at its image width. */
  public SimRig rig() throws IOException {
    Path rigDir = PackageRoot.find().resolve("calibration").resolve("nuscenes-like");
    return SimRig.of(rigDir, Rig.read(rigDir), LIDAR_FRAME, world.cameras(), world.width());
  }

  /** The image topics of the world's cameras, the front camera first. */
  public List<String> cameraTopics() throws IOException {
    return rig().cameras().stream().map(c -> SimTopics.image(c.name())).toList();
  }

  /** Runs the simulated teacher over BAG's images into {@link #teacherDir}; returns its pixel confusion. */
  public ConfusionMatrix teacher(Path bag, long seed) throws IOException {
    return new TeacherExport(new SimulatedTeacherSettings(world.teacherAccuracy(), 0.05, 0.8, 0.3, 3, 16, seed), classes)
        .export(bag, teacherDir(bag));
  }

  /** Where BAG's teacher labels go (one folder per bag: simulated bags share their stamps). */
  public Path teacherDir(Path bag) {
    return dir.resolve(bag.getFileName() + "-teacher");
  }

  /** The stand-in text embeddings (seeded random unit vectors), written to DIR/text_embeddings.npy. */
  public TextEmbeddings text(long seed) throws IOException {
    TextEmbeddings t = Classifier.random(VOCABULARY, world.dim(), seed).embeddings();
    Files.createDirectories(dir);
    Npy.writeFloats(textFile(), new long[] {t.classes(), t.dim()}, t.values());
    return t;
  }

  public Path textFile() {
    return dir.resolve("text_embeddings.npy");
  }

  /** Pretraining settings for BAG: its precomputed simulated teacher, the small student, SWEEPS per sample. */
  public PretrainConfig pretrainConfig(Path bag, int sweeps, int epochs, int batch) throws IOException {
    PretrainConfig c = new PretrainConfig();
    c.data.cloudTopic = pointsTopic();
    c.data.cameraTopics = cameraTopics();
    c.data.sweeps = sweeps;
    c.data.cropBox = new float[] {-60, -60, -5, 60, 60, 5};
    c.network.widths = world.widths().clone();
    c.teacher.kind = "precomputed";
    c.teacher.vocabulary = VOCABULARY;
    c.teacher.precomputedDir = teacherDir(bag).toString();
    c.teacher.textEmbeddings = textFile().toString();
    c.train.epochs = epochs;
    c.train.batchSize = batch;
    c.train.evaluate = false;
    c.optim.optimizer = "adamw";
    c.optim.lr = 0.01;
    c.optim.weightDecay = 1e-4;
    c.loss.s3tStartEpoch = Math.max(1, epochs / 2);
    return c;
  }

}
