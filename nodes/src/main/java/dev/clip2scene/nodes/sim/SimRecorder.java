package dev.clip2scene.nodes.sim;

import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.sim.SimCamera;
import dev.clip2scene.model.sim.SimFrame;
import dev.clip2scene.model.sim.Simulator;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.msgs.tf2.TFMessage;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.transport.Qos;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Records a simulation into a bag: /tf_static and the label map at the start; per frame /tf (odom -> base_link at
 * 100 Hz, covering the sweep), the cloud and, per camera, image, labels and camera_info, all stamped with the
 * sweep's start. The next frame is simulated while the current one is compressed and written.
 */
public final class SimRecorder {
  /** Stamp of frame 0: 2023-11-14T22:13:20Z, a fixed time so that bags are reproducible. */
  public static final long START_NS = 1_700_000_000_000_000_000L;
  public static final String ODOM = "odom";
  private static final int TF_PER_SWEEP = 5;

  private final Simulator sim;
  private final SimRig rig;
  private final Qos cloudQos;

  /** Clouds offered with the sensor-data profile, as a LiDAR driver publishes them. */
  public SimRecorder(Simulator sim, SimRig rig) {
    this(sim, rig, Qos.SENSOR_DATA);
  }

  /** Clouds offered with CLOUD_QOS (what `bag play` will publish them with). */
  public SimRecorder(Simulator sim, SimRig rig, Qos cloudQos) {
    this.sim = sim;
    this.rig = rig;
    this.cloudQos = cloudQos;
  }

  /** What a recording holds. */
  public record Summary(int frames, long points, int images, long messages) {}

  public static long stampNs(double seconds) {
    return START_NS + Math.round(seconds * 1e9);
  }

  /** Writes every frame; PROGRESS receives each finished frame's index; FRAME_HOOK sees each frame once written. */
  public Summary record(BagWriter out, IntConsumer progress, java.util.function.Consumer<SimFrame> frameHook)
      throws IOException {
    out.addTopic(SimTopics.tfStatic());
    out.addTopic(SimTopics.labelMap());
    out.addTopic(SimTopics.tf());
    String points = SimTopics.points(rig.lidarFrame());
    out.addTopic(SimTopics.topic(points, MessageTypes.POINT_CLOUD2, cloudQos));
    for (SimCamera c : rig.cameras()) {
      out.addTopic(SimTopics.sensorTopic(SimTopics.image(c.name()), MessageTypes.IMAGE));
      out.addTopic(SimTopics.sensorTopic(SimTopics.labels(c.name()), MessageTypes.IMAGE));
      out.addTopic(SimTopics.sensorTopic(SimTopics.cameraInfo(c.name()), MessageTypes.CAMERA_INFO));
    }
    write(out, SimTopics.TF_STATIC, MessageTypes.TF_MESSAGE, START_NS, SimMessages.statics(rig.staticTransforms(), START_NS));
    write(out, SimTopics.LABEL_MAP, MessageTypes.LABEL_MAP, START_NS, SimMessages.labelMap(START_NS));
    int frames = sim.settings().frames();
    long totalPoints = 0;
    ExecutorService simulate = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sim-frames");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<SimFrame> next = simulate.submit(() -> sim.frame(0));
      for (int i = 0; i < frames; i++) {
        SimFrame f = next.get();
        if (i + 1 < frames) {
          int k = i + 1;
          next = simulate.submit(() -> sim.frame(k));
        }
        writeFrame(out, f, points);
        totalPoints += f.sweep().count();
        frameHook.accept(f);
        progress.accept(i);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while simulating", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IOException("simulation failed: " + e.getCause(), e.getCause());
    } finally {
      simulate.shutdownNow();
    }
    double end = sim.time(frames - 1) + 1 / sim.settings().lidar().rateHz();
    writeTf(out, end);
    return new Summary(frames, totalPoints, frames * rig.cameras().size(), out.metadata().messageCount());
  }

  private void writeFrame(BagWriter out, SimFrame f, String pointsTopic) throws IOException {
    long stamp = stampNs(f.timeS());
    writeTf(out, f.timeS());
    write(out, pointsTopic, MessageTypes.POINT_CLOUD2, stamp,
        SimMessages.cloud(f.sweep(), SimMessages.header(stamp, rig.lidarFrame())));
    for (int c = 0; c < rig.cameras().size(); c++) {
      SimCamera cam = rig.cameras().get(c);
      Header h = SimMessages.header(stamp, cam.name());
      write(out, SimTopics.image(cam.name()), MessageTypes.IMAGE, stamp, SimMessages.rgb(f.images().get(c), h));
      write(out, SimTopics.labels(cam.name()), MessageTypes.IMAGE, stamp, SimMessages.labels(f.images().get(c), h));
      write(out, SimTopics.cameraInfo(cam.name()), MessageTypes.CAMERA_INFO, stamp,
          SimMessages.cameraInfo(cam.model().calibration(), h));
    }
    double period = 1 / sim.settings().lidar().rateHz();
    for (int k = 1; k < TF_PER_SWEEP; k++) writeTf(out, f.timeS() + period * k / TF_PER_SWEEP);
  }

  private void writeTf(BagWriter out, double seconds) throws IOException {
    long stamp = stampNs(seconds);
    RigidTransform pose = sim.ego().pose(seconds);
    write(out, SimTopics.TF, MessageTypes.TF_MESSAGE, stamp,
        new TFMessage(List.of(SimMessages.transform(stamp, ODOM, rig.baseFrame(), pose))));
  }

  private static <T> void write(BagWriter out, String topic, RosMessageType<T> type, long stamp, T message)
      throws IOException {
    out.write(new BagMessage(topic, type.name(), stamp, stamp, type.encode(message)));
  }
}
