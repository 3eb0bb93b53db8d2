package dev.clip2scene.model.train;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.net.NetworkConfig;
import dev.clip2scene.model.net.SyntheticSweep;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.teacher.CachedTeacher;
import dev.clip2scene.model.teacher.PixelFeatures;
import dev.clip2scene.model.teacher.PixelLabels;
import dev.clip2scene.model.teacher.TeacherView;
import dev.clip2scene.model.teacher.Teacher;
import dev.clip2scene.model.teacher.TeacherCache;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.teacher.TeacherOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Pretraining throughput at nuScenes-like size: synthetic sweeps of N points, six 1600 x 900 cameras around the car,
 * the reference SPVCNN with 512-d output, 16 classes, a teacher whose 14 x 26 x 512 outputs are already in the
 * on-disk cache (so the timed steps read them back as training from a cached teacher does), the reference losses.
 * One warm-up step, then timed steps; reports samples/s and seconds per phase.
 */
public final class PretrainBench {
  private PretrainBench() {}

  public static Map<String, Object> run(int points, int cameras, int steps, int batch, PretrainConfig.Loss loss, Path work) throws IOException {
    int classes = 16;
    int dim = 512;
    Random r = new Random(1);
    float[] textValues = new float[classes * dim];
    for (int i = 0; i < textValues.length; i++) textValues[i] = (float) r.nextGaussian() / (float) Math.sqrt(dim);
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) names.add("class" + c);
    TextEmbeddings text = new TextEmbeddings(names, dim, textValues);
    Teacher teacher = new CachedTeacher(new FixedTeacher(textValues, classes, dim), new TeacherCache(work.resolve("teacher-cache")));
    List<Sample> samples = new ArrayList<>();
    for (int s = 0; s < batch * (steps + 1); s++) samples.add(sample(points, cameras, s));
    // warm the cache: training with a cached teacher reads every output from disk
    Timings warm = new Timings();
    PseudoLabelling warmLabels = new PseudoLabelling(teacher, TeacherView.whole(), 1.0, warm, new SkippedSamples());
    for (Sample s : samples) warmLabels.label(s, new Random(0), null, dim);

    PretrainConfig config = new PretrainConfig();
    config.loss = loss;
    config.train.batchSize = batch;
    config.train.epochs = 1;
    Timings timings = new Timings();
    PretrainObjective objective = new PretrainObjective(Parts.objective(loss));
    PretrainTask task = new PretrainTask(new PseudoLabelling(teacher, TeacherView.whole(), 1.0, timings, new SkippedSamples()), objective, text, new CloudAugmentation(true, true));
    NetworkConfig net = NetworkConfig.spvcnn().withOutputDim(dim);
    try (Trainer trainer = new Trainer(config, net, task, SampleSource.of(samples), 0, work.resolve("run"), null, false, timings, m -> {})) {
      trainer.trainStep(samples.subList(0, batch), 0.01);
      timings.clear();
      long t0 = System.nanoTime();
      for (int i = 1; i <= steps; i++) trainer.trainStep(samples.subList(i * batch, (i + 1) * batch), 0.01);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("points", points);
      out.put("cameras", cameras);
      out.put("batch", batch);
      out.put("steps", steps);
      out.put("samples_per_s", steps * batch / seconds);
      out.put("seconds_per_step", seconds / steps);
      Map<String, Double> phases = new LinkedHashMap<>();
      timings.seconds().forEach((k, v) -> phases.put(k, v / steps));
      out.put("phase_seconds_per_step", phases);
      return out;
    }
  }

  private static Sample sample(int points, int cameras, long seed) {
    float[] cloud = SyntheticSweep.generate(points, seed).cloud().data();
    int stride = cloud.length / points;
    float[] xyzi = new float[points * Sample.STRIDE];
    for (int i = 0; i < points; i++) {
      System.arraycopy(cloud, i * stride, xyzi, i * 4, 3);
      xyzi[i * 4 + 3] = stride > 3 ? cloud[i * stride + 3] : 0;
    }
    List<CameraFrame> frames = new ArrayList<>();
    CameraModel model = new CameraModel(CameraCalibration.pinhole(1600, 900, 1266, 1266, 800, 450));
    for (int c = 0; c < cameras; c++) {
      // optical frame: z forward along yaw c * 60 deg, x right, y down
      double yaw = 2 * Math.PI * c / cameras;
      Quaternion lookForward = Quaternion.fromAxisAngle(new Vector3(0, 0, 1), yaw)
          .multiply(new Quaternion(-0.5, 0.5, -0.5, 0.5));
      RigidTransform cameraInCloud = RigidTransform.of(0, 0, 1.5, lookForward);
      long stamp = seed * 100_000_000L;
      Supplier<RgbImage> noImage = () -> {
        throw new IllegalStateException("a cached teacher never needs the image");
      };
      frames.add(new CameraFrame("/cam" + c + "/image", stamp, model, cameraInCloud.inverse(), noImage));
    }
    return new Sample("bench", seed * 100_000_000L, xyzi, points, null, frames);
  }

  /** Fixed random features per image (the stand-in for MaskCLIP at 224 x 416: a 14 x 26 grid); whole images. */
  private record FixedTeacher(float[] text, int classes, int dim) implements Teacher {
    @Override
    public String weightsHash() {
      return "bench";
    }

    @Override
    public boolean producesFeatures() {
      return true;
    }

    @Override
    public boolean crops() {
      return false;
    }

    @Override
    public TeacherOutput output(TeacherKey key, Supplier<RgbImage> image) {
      Random r = new Random(key.stampNs() * 31 + key.topic().hashCode());
      float[] v = new float[14 * 26 * dim];
      for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
      PixelFeatures f = new PixelFeatures(26, 14, dim, v);
      return new TeacherOutput(labels(f), f);
    }

    @Override
    public PixelLabels labels(PixelFeatures f) {
      return f.argmax(text, classes);
    }
  }
}
