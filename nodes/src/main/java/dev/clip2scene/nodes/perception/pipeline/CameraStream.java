package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.image.ImageDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One camera as the pipeline sees it: its recent images (Image or CompressedImage; only headers are decoded on
 * arrival, pixels when an overlay or fusion needs them) and its latest CameraInfo. A cloud pairs with the image
 * nearest in time within the tolerance; a camera that stopped publishing simply stops pairing, which the counters and
 * the image age show. Images arrive on one thread while the inference thread pairs: methods are synchronized.
 */
public final class CameraStream {
  private static final int HISTORY = 32;
  /** Images whose bytes are kept for decoding (the newest): enough to pair a cloud that waited for the network. */
  private static final int WITH_PIXELS = 8;
  private static final int TIMINGS = 64;

  /** An image's header, when it arrived (epoch ns) and, for the newest few, its CDR bytes. */
  public record Frame(String frameId, long stampNs, long receiveNs, byte[] cdr) {
    public Header header() {
      return new Header(dev.clip2scene.msgs.builtin.Time.ofNanos(stampNs), frameId);
    }
  }

  private final String imageTopic;
  private final boolean compressed;
  private final boolean keepPixels;
  private final Frame[] frames = new Frame[HISTORY];
  private int next;
  private int size;
  private CameraInfo info;
  private CameraModel model;
  // the last decoded image: an overlay and fusion of one cloud decode it once
  private Frame decodedFrame;
  private RgbImage decoded;
  private final double[] fusionMs = new double[TIMINGS];
  private final double[] overlayMs = new double[TIMINGS];
  private long fusionRuns;
  private long overlayRuns;
  final AtomicLong images = new AtomicLong();
  final AtomicLong paired = new AtomicLong();
  final AtomicLong unpaired = new AtomicLong();
  final AtomicLong pointsInView = new AtomicLong();
  final AtomicLong badInfo = new AtomicLong();
  final AtomicLong badImages = new AtomicLong();
  final AtomicLong overlays = new AtomicLong();
  final AtomicLong fused = new AtomicLong();
  final AtomicLong pointsFused = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  // data time of the last overlay / teacher run, for the rate limits (Long.MIN_VALUE: none yet)
  long lastOverlayNs = Long.MIN_VALUE;
  long lastFusionNs = Long.MIN_VALUE;

  /** KEEP_PIXELS: keep the newest images' bytes (overlays or fusion need pixels); otherwise headers only. */
  public CameraStream(String imageTopic, boolean keepPixels) {
    this.imageTopic = imageTopic;
    this.compressed = CameraTopics.isCompressed(imageTopic);
    this.keepPixels = keepPixels;
  }

  public String imageTopic() {
    return imageTopic;
  }

  public String infoTopic() {
    return CameraTopics.cameraInfo(imageTopic);
  }

  /** The topic of this camera's label overlay. */
  public String overlayTopic() {
    return CameraTopics.overlay(imageTopic);
  }

  /** The DDS type name of the image topic. */
  public String imageType() {
    return compressed ? MessageTypes.COMPRESSED_IMAGE.name() : MessageTypes.IMAGE.name();
  }

  public boolean compressed() {
    return compressed;
  }

  /** Records an image from its CDR bytes (only the header is decoded here; it leads both image types). */
  public void addImage(byte[] cdr, long receiveNs) {
    Header h = Header.CDR.read(CdrReader.of(cdr, imageType()));
    synchronized (this) {
      frames[next] = new Frame(h.frameId(), h.stamp().toNanos(), receiveNs, keepPixels ? cdr : null);
      int old = (next - WITH_PIXELS + HISTORY) % HISTORY; // the image that just left the newest few drops its bytes
      Frame f = frames[old];
      if (f != null && f.cdr() != null && size >= WITH_PIXELS) frames[old] = new Frame(f.frameId(), f.stampNs(), f.receiveNs(), null);
      next = (next + 1) % HISTORY;
      size = Math.min(HISTORY, size + 1);
    }
    images.incrementAndGet();
  }

  /** Keeps INFO; an unusable calibration (bad sizes, non-finite values) is counted and ignored. */
  public synchronized void setInfo(CameraInfo msg) {
    try {
      model = new CameraModel(new CameraCalibration(msg.width(), msg.height(), msg.distortionModel(), msg.d(), msg.k(), msg.r(), msg.p()));
      info = msg;
    } catch (IllegalArgumentException e) {
      badInfo.incrementAndGet();
    }
  }

  /** The latest usable calibration, if any arrived. */
  public synchronized Optional<CameraCalibration> calibration() {
    return Optional.ofNullable(model).map(CameraModel::calibration);
  }

  synchronized Optional<CameraModel> model() {
    return Optional.ofNullable(model);
  }

  /** The optical frame: the CameraInfo's frame id, else the image's. */
  synchronized String opticalFrame(Frame image) {
    return info == null || info.header().frameId().isEmpty() ? image.frameId() : info.header().frameId();
  }

  /** The image nearest in time to STAMP_NS within TOLERANCE_NS; counts the cloud as paired or not. */
  public synchronized Optional<Frame> pair(long stampNs, long toleranceNs) {
    Frame best = null;
    for (int k = 0; k < size; k++) { // oldest first: of equally near images (a repeated stamp) the newest wins
      Frame f = frames[(next - size + k + HISTORY) % HISTORY];
      if (best == null || Math.abs(f.stampNs() - stampNs) <= Math.abs(best.stampNs() - stampNs)) best = f;
    }
    if (best == null || Math.abs(best.stampNs() - stampNs) > toleranceNs) {
      unpaired.incrementAndGet();
      return Optional.empty();
    }
    paired.incrementAndGet();
    return Optional.of(best);
  }

  /**
   * The pixels of FRAME (one of this camera's, from {@link #pair}); decoded once per frame. Throws when the bytes are
   * gone (the image left the newest few), undecodable, or of another size than the CameraInfo says.
   */
  RgbImage pixels(Frame frame, CameraModel camera) {
    synchronized (this) {
      if (frame == decodedFrame) return decoded;
    }
    if (frame.cdr() == null) throw new IllegalStateException("the image at " + seconds(frame.stampNs()) + " is no longer held");
    RgbImage img = compressed ? ImageDecoder.decode(MessageTypes.COMPRESSED_IMAGE.decode(frame.cdr()))
        : ImageDecoder.decode(MessageTypes.IMAGE.decode(frame.cdr()));
    if (img.width() != camera.width() || img.height() != camera.height()) {
      throw new IllegalArgumentException("image is " + img.width() + " x " + img.height() + ", camera_info says "
          + camera.width() + " x " + camera.height());
    }
    synchronized (this) {
      decodedFrame = frame;
      decoded = img;
    }
    return img;
  }

  private static String seconds(long ns) {
    return String.format(java.util.Locale.ROOT, "%.3f s", ns / 1e9);
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

  /** Points that projected, visible, into paired images (clouds for which the camera was projected). */
  public long pointsInView() {
    return pointsInView.get();
  }

  /** Counts an image or CameraInfo message that did not decode. */
  public void countBadImage() {
    badImages.incrementAndGet();
  }

  /** Images or CameraInfo messages that could not be used. */
  public long badImages() {
    return badImages.get() + badInfo.get();
  }

  public long overlays() {
    return overlays.get();
  }

  /** Clouds whose labels this camera's image features took part in. */
  public long fused() {
    return fused.get();
  }

  /** Points whose label came from this camera's image features. */
  public long pointsFused() {
    return pointsFused.get();
  }

  /** Paired images this camera could not project, overlay or fuse (missing transform, image/calibration mismatch). */
  public long failures() {
    return failures.get();
  }

  synchronized void recordFusion(double ms) {
    fusionMs[(int) (fusionRuns++ % TIMINGS)] = ms;
  }

  synchronized void recordOverlay(double ms) {
    overlayMs[(int) (overlayRuns++ % TIMINGS)] = ms;
  }

  /** Times (ms) of this camera's last image-feature computations (the teacher), oldest first. */
  public synchronized List<Double> fusionTimes() {
    return recent(fusionMs, fusionRuns);
  }

  /** Times (ms) of this camera's last overlays (decode, paint, encode), oldest first. */
  public synchronized List<Double> overlayTimes() {
    return recent(overlayMs, overlayRuns);
  }

  private static List<Double> recent(double[] ring, long n) {
    List<Double> out = new ArrayList<>();
    for (long i = Math.max(0, n - TIMINGS); i < n; i++) out.add(ring[(int) (i % TIMINGS)]);
    return out;
  }

  /** Forgets the images and rate-limit times (time jumped backwards: their stamps belong to another timeline). */
  synchronized void clear() {
    java.util.Arrays.fill(frames, null);
    size = 0;
    next = 0;
    decodedFrame = null;
    decoded = null;
    lastOverlayNs = Long.MIN_VALUE;
    lastFusionNs = Long.MIN_VALUE;
  }
}
