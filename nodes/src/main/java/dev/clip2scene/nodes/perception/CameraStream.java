package dev.clip2scene.nodes.perception;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.std.Header;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One camera as the node sees it: the stamps of its recent images (Image or CompressedImage; only headers are
 * decoded) and its latest CameraInfo. A cloud pairs with the image nearest in time within the tolerance; a camera
 * that stopped publishing simply stops pairing, which the counters and the image age show.
 */
public final class CameraStream {
  private static final int HISTORY = 32;

  /** An image's header and when it arrived (epoch ns). */
  public record Frame(String frameId, long stampNs, long receiveNs) {}

  private final String imageTopic;
  private final Frame[] frames = new Frame[HISTORY];
  private int next;
  private int size;
  private CameraInfo info;
  private CameraCalibration calibration;
  final AtomicLong images = new AtomicLong();
  final AtomicLong paired = new AtomicLong();
  final AtomicLong unpaired = new AtomicLong();
  final AtomicLong pointsInView = new AtomicLong();
  final AtomicLong badInfo = new AtomicLong();

  public CameraStream(String imageTopic) {
    this.imageTopic = imageTopic;
  }

  public String imageTopic() {
    return imageTopic;
  }

  public String infoTopic() {
    return PerceptionSettings.cameraInfoTopic(imageTopic);
  }

  public boolean compressed() {
    return PerceptionSettings.isCompressed(imageTopic);
  }

  synchronized void addImage(Header header, long receiveNs) {
    frames[next] = new Frame(header.frameId(), header.stamp().toNanos(), receiveNs);
    next = (next + 1) % HISTORY;
    size = Math.min(HISTORY, size + 1);
    images.incrementAndGet();
  }

  /** Keeps INFO; an unusable calibration (bad sizes, non-finite values) is counted and ignored. */
  synchronized void setInfo(CameraInfo msg) {
    try {
      calibration = new CameraCalibration(msg.width(), msg.height(), msg.distortionModel(), msg.d(), msg.k(), msg.r(), msg.p());
      info = msg;
    } catch (IllegalArgumentException e) {
      badInfo.incrementAndGet();
    }
  }

  /** The latest usable calibration, if any arrived. */
  public synchronized Optional<CameraCalibration> calibration() {
    return Optional.ofNullable(calibration);
  }

  synchronized Optional<String> opticalFrame() {
    return info == null ? Optional.empty() : Optional.of(info.header().frameId());
  }

  /** The image nearest in time to STAMP_NS within TOLERANCE_NS; counts the cloud as paired or not. */
  public synchronized Optional<Frame> pair(long stampNs, long toleranceNs) {
    Frame best = null;
    for (int i = 0; i < size; i++) {
      Frame f = frames[i];
      if (best == null || Math.abs(f.stampNs() - stampNs) < Math.abs(best.stampNs() - stampNs)) best = f;
    }
    if (best == null || Math.abs(best.stampNs() - stampNs) > toleranceNs) {
      unpaired.incrementAndGet();
      return Optional.empty();
    }
    paired.incrementAndGet();
    return Optional.of(best);
  }

  /** Receive time of the newest image (epoch ns), 0 when none came. */
  public synchronized long lastReceiveNs() {
    long last = 0;
    for (int i = 0; i < size; i++) last = Math.max(last, frames[i].receiveNs());
    return last;
  }

  public long images() {
    return images.get();
  }

  public long paired() {
    return paired.get();
  }

  public long unpaired() {
    return unpaired.get();
  }

  public long pointsInView() {
    return pointsInView.get();
  }

  /** Forgets the images (time jumped backwards: their stamps belong to another timeline). */
  synchronized void clear() {
    size = 0;
    next = 0;
  }
}
