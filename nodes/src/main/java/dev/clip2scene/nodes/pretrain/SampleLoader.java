package dev.clip2scene.nodes.pretrain;

import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.loss.PseudoLabels;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.teacher.TeacherPass;
import dev.clip2scene.model.teacher.TeacherView;
import dev.clip2scene.model.train.CameraFrame;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.model.train.SampleSource;
import dev.clip2scene.model.train.SampleStream;
import dev.clip2scene.model.train.SkippedSamples;
import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.pointcloud.PointFieldReader;
import dev.clip2scene.nodes.bag.BagFormatException;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.MessageLocator;
import dev.clip2scene.nodes.bag.ReadLimits;
import dev.clip2scene.nodes.bag.StorageReader;
import dev.clip2scene.nodes.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads samples through a {@link SampleIndex}: each sample's clouds (and, when asked, images) are read from their
 * recorded places alone (an MCAP chunk, an sqlite3 row), decoded once, and handed to the trainer through a bounded
 * read-ahead: worker threads fill at most {@code prefetch} samples ahead, in the order asked for, so memory is
 * bounded by the read-ahead whatever the size or number of bags, and results do not depend on the worker count.
 * Each thread that reads (workers, the trainer on a teacher cache miss, the teacher pass) has its own open storage
 * files. A sample that cannot be read (a damaged chunk, a cloud that does not decode) is skipped and counted, its
 * message naming bag, topic and stamp.
 */
public final class SampleLoader implements SampleSource {
  /** Open storage files per reading thread, at most this many each (least recently used closed first). */
  private static final int OPEN_FILES_PER_THREAD = 16;

  private final SampleIndex index;
  private final int[] ids;
  private final PretrainConfig.Data config;
  private final boolean imagesAhead;
  private final Shared shared;
  /** Images left out of samples (source, topic, stamp), e.g. those the teacher could not read. */
  private final Set<String> excluded;

  /** What a loader and its subsets share: the worker pool, every thread's open files, the camera models. */
  private static final class Shared {
    final ExecutorService pool;
    final int depth;
    final SkippedSamples skipped;
    final ConcurrentLinkedQueue<OpenFiles> allOpen = new ConcurrentLinkedQueue<>();
    /** Damage found by readers closed already (each finding once). */
    final Set<String> damage = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    final ThreadLocal<OpenFiles> open;
    final CameraModel[] models;

    Shared(SampleIndex index, int workers, int depth, SkippedSamples skipped) {
      if (workers < 1 || depth < 1) throw new IllegalArgumentException("data.workers and data.prefetch must be at least 1, got " + workers + " and " + depth);
      this.pool = Executors.newFixedThreadPool(workers, r -> {
        Thread t = new Thread(r, "sample-loader");
        t.setDaemon(true);
        return t;
      });
      this.depth = depth;
      this.skipped = skipped;
      this.open = ThreadLocal.withInitial(() -> {
        OpenFiles f = new OpenFiles(index, damage);
        allOpen.add(f);
        return f;
      });
      this.models = new CameraModel[index.cameras().size()];
      for (int c = 0; c < models.length; c++) models[c] = new CameraModel(index.cameras().get(c).calibration());
    }
  }

  /** Storage files one thread has open. */
  private static final class OpenFiles {
    private final SampleIndex index;
    private final Set<String> closedDamage;
    private final LinkedHashMap<Integer, StorageReader> open = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;
    private int lastFile = -1;
    private long lastLocation = -1;
    private String lastTopic;
    private List<BagMessage> last;

    OpenFiles(SampleIndex index, Set<String> closedDamage) {
      this.index = index;
      this.closedDamage = closedDamage;
    }

    /** Adds what the open readers found damaged to OUT. */
    synchronized void collectDamage(Set<String> out) {
      for (StorageReader r : open.values()) for (BagFormatException e : r.damage()) out.add(e.getMessage());
    }

    synchronized MessageLocator get(int file) throws IOException {
      if (closed) throw new IllegalStateException("the sample loader is closed");
      StorageReader r = open.get(file);
      if (r == null) {
        if (open.size() >= OPEN_FILES_PER_THREAD) {
          Map.Entry<Integer, StorageReader> eldest = open.entrySet().iterator().next();
          open.remove(eldest.getKey());
          for (BagFormatException e : eldest.getValue().damage()) closedDamage.add(e.getMessage());
          eldest.getValue().close();
        }
        r = BagReader.openStorage(index.files().get(file), ReadLimits.DEFAULT);
        open.put(file, r);
      }
      if (!(r instanceof MessageLocator l)) throw new IllegalStateException(r.file() + ": storage cannot read messages by place");
      return l;
    }

    /**
     * The messages of TOPIC stored at LOCATION of FILE; the last place read is kept, since a sample's sweeps often
     * share an MCAP chunk.
     */
    synchronized List<BagMessage> read(int file, long location, String topic) throws IOException {
      if (file == lastFile && location == lastLocation && topic.equals(lastTopic)) return last;
      List<BagMessage> found = get(file).readAt(location, MessageFilter.ofTopics(Set.of(topic)));
      lastFile = file;
      lastLocation = location;
      lastTopic = topic;
      last = found;
      return found;
    }

    synchronized void close() {
      collectDamage(closedDamage);
      closed = true;
      last = null;
      for (StorageReader r : open.values()) {
        try {
          r.close();
        } catch (IOException e) {
          // closing a read-only file: nothing was lost
        }
      }
      open.clear();
    }
  }

  private SampleLoader(SampleIndex index, int[] ids, PretrainConfig.Data config, boolean imagesAhead, Shared shared, Set<String> excluded) {
    this.index = index;
    this.ids = ids;
    this.config = config;
    this.imagesAhead = imagesAhead;
    this.shared = shared;
    this.excluded = Set.copyOf(excluded);
  }

  private static String imageKey(String source, String topic, long stampNs) {
    return source + '\0' + topic + '\0' + stampNs;
  }

  /**
   * A loader over every sample of INDEX with CONFIG's workers and read-ahead. IMAGES_AHEAD: decode camera images in
   * the workers too (for a teacher that runs during training); otherwise an image is read only if asked for.
   */
  public static SampleLoader open(SampleIndex index, PretrainConfig.Data config, boolean imagesAhead, SkippedSamples skipped) {
    int[] all = new int[index.size()];
    for (int i = 0; i < all.length; i++) all[i] = i;
    return new SampleLoader(index, all, config, imagesAhead, new Shared(index, config.workers, config.prefetch, skipped), Set.of());
  }

  /**
   * A loader over BAGS with CONFIG's sample settings (IMAGES_AHEAD: see {@link #open}). The index is kept in
   * INDEX_FILE (reused when it still matches), or only in memory when INDEX_FILE is null. WARNINGS hears what was
   * left out.
   */
  public static SampleLoader forBags(List<Path> bags, PretrainConfig.Data config, Path indexFile, boolean imagesAhead, Consumer<String> warnings)
      throws IOException {
    SampleIndexer.Listener listener = new SampleIndexer.Listener() {
      @Override
      public void note(String line) {
        warnings.accept(line);
      }
    };
    SampleIndex index = indexFile == null ? new SampleIndexer(config, listener).build(bags, SampleIndex.fingerprint(bags, config))
        : SampleIndex.open(indexFile, bags, config, listener);
    SkippedSamples skipped = new SkippedSamples(warnings);
    skipped.addAll(index.skipped());
    return open(index, config, imagesAhead, skipped);
  }

  /**
   * Every sample of BAGS in memory, in keyframe order: only for small sets that are walked several times (held-out
   * scoring, tests); training streams them instead. Images are decoded while loading. Samples that cannot be read
   * are left out (WARNINGS says why).
   */
  public static List<Sample> loadAll(List<Path> bags, PretrainConfig.Data config, Consumer<String> warnings) throws IOException {
    try (SampleLoader loader = forBags(bags, config, null, true, warnings)) {
      List<Sample> out = new ArrayList<>();
      int[] order = new int[loader.size()];
      for (int i = 0; i < order.length; i++) order[i] = i;
      try (SampleStream s = loader.read(order)) {
        for (int i = 0; i < order.length; i++) {
          Sample sample = s.next();
          if (sample != null) out.add(sample);
        }
      }
      return out;
    }
  }

  /** The samples at positions POSITIONS of this loader, sharing its threads and files (close only the original). */
  public SampleLoader subset(int[] positions) {
    int[] sub = new int[positions.length];
    for (int i = 0; i < sub.length; i++) sub[i] = ids[positions[i]];
    return new SampleLoader(index, sub, config, imagesAhead, shared, excluded);
  }

  /** These samples without the images KEYS name (they keep their other cameras). */
  public SampleLoader withoutImages(java.util.Collection<TeacherKey> keys) {
    Set<String> more = new java.util.HashSet<>(excluded);
    for (TeacherKey k : keys) more.add(imageKey(k.source(), k.topic(), k.stampNs()));
    return new SampleLoader(index, ids, config, imagesAhead, shared, more);
  }

  /** The positions of samples with at least one camera image (pretraining learns from nothing else). */
  public int[] withImages() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) if (!entry(i).images().isEmpty()) out.add(i);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  public SampleIndex.Entry entry(int i) {
    return index.entries().get(ids[i]);
  }

  @Override
  public int size() {
    return ids.length;
  }

  @Override
  public boolean labelled(int i) {
    return entry(i).labelled();
  }

  @Override
  public SkippedSamples skipped() {
    return shared.skipped;
  }

  @Override
  public SampleStream read(int[] order) {
    return new ReadAhead(order.clone());
  }

  /** Sample I, read on the calling thread. */
  public Sample load(int i) throws IOException {
    return build(entry(i));
  }

  /** The teacher's work: every distinct image of these samples, seen through VIEW, keyed for HASH's cache. */
  public List<TeacherPass.Job> teacherJobs(TeacherView view, String weightsHash) {
    Set<String> seen = new LinkedHashSet<>();
    List<TeacherPass.Job> jobs = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      SampleIndex.Entry e = entry(i);
      String source = index.source(e);
      for (SampleIndex.CameraImage c : e.images()) {
        SampleIndex.Camera cam = index.cameras().get(c.camera());
        String image = imageKey(source, cam.topic(), c.image().stampNs());
        if (excluded.contains(image) || !seen.add(image)) continue;
        TeacherKey.Crop crop = view.crop(cam.calibration().width(), cam.calibration().height(), null);
        TeacherKey key = new TeacherKey(source, cam.topic(), c.image().stampNs(), weightsHash, crop);
        jobs.add(new TeacherPass.Job(key, () -> readImage(source, cam, c.image()), source + ", topic " + cam.topic() + ", image at " + c.image().stampNs() + " ns"));
      }
    }
    return jobs;
  }

  /**
   * What the readers found damaged while loading, each finding once (file and position): damage that did not stop a
   * read, such as a chunk cut short after the messages a sample needed. Damage that did is counted with the sample.
   */
  public List<String> damage() {
    Set<String> out = new LinkedHashSet<>(shared.damage);
    for (OpenFiles f : shared.allOpen) f.collectDamage(out);
    return new ArrayList<>(out);
  }

  @Override
  public void close() {
    if (shared == null) return;
    shared.pool.shutdownNow();
    try {
      shared.pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (OpenFiles f : shared.allOpen) f.close();
  }

  private Sample build(SampleIndex.Entry e) throws IOException {
    String source = index.source(e);
    List<float[]> parts = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    boolean anyLabels = false;
    int keyPoints = 0;
    for (int s = 0; s < e.sweeps().size(); s++) {
      SampleIndex.Sweep sweep = e.sweeps().get(s);
      PointCloud2View view;
      float[] xyzi;
      int[] lab = null;
      try {
        view = PointCloud2View.decode(fetch(sweep.cloud(), config.cloudTopic, source).data());
        xyzi = view.xyzi();
        Optional<PointFieldReader> lf = view.field(config.labelField);
        if (lf.isPresent()) {
          lab = new int[view.size()];
          for (int i = 0; i < lab.length; i++) {
            long v = lf.get().getLong(i);
            lab[i] = v == PseudoLabels.IGNORE_STORED ? PseudoLabels.IGNORE : (int) v;
          }
          anyLabels = true;
        }
      } catch (IOException | RuntimeException ex) {
        String what = source + ", topic " + config.cloudTopic + ", cloud at " + sweep.cloud().stampNs() + " ns: " + ex.getMessage();
        if (s == 0) throw new IllegalArgumentException(what, ex);
        shared.skipped.add("unreadable sweep (its keyframe trains without it)", what);
        continue;
      }
      int kept = dropNear(xyzi, lab);
      float[] pts = Arrays.copyOf(xyzi, kept * Sample.STRIDE);
      if (sweep.toKeyframe() != null) {
        float[] xyz = new float[kept * 3];
        sweep.toKeyframe().apply(pts, Sample.STRIDE, kept, xyz);
        for (int i = 0; i < kept; i++) System.arraycopy(xyz, i * 3, pts, i * 4, 3);
      }
      if (s == 0) keyPoints = kept;
      parts.add(pts);
      labels.add(lab == null ? null : Arrays.copyOf(lab, kept));
    }
    int total = parts.stream().mapToInt(p -> p.length).sum();
    float[] points = new float[total];
    int[] gt = anyLabels ? new int[total / Sample.STRIDE] : null;
    int o = 0;
    for (int p = 0; p < parts.size(); p++) {
      System.arraycopy(parts.get(p), 0, points, o, parts.get(p).length);
      if (gt != null) {
        int[] l = labels.get(p);
        int n = parts.get(p).length / Sample.STRIDE;
        if (l == null) Arrays.fill(gt, o / Sample.STRIDE, o / Sample.STRIDE + n, PseudoLabels.IGNORE);
        else System.arraycopy(l, 0, gt, o / Sample.STRIDE, n);
      }
      o += parts.get(p).length;
    }
    List<CameraFrame> cameras = new ArrayList<>();
    for (SampleIndex.CameraImage c : e.images()) {
      SampleIndex.Camera cam = index.cameras().get(c.camera());
      if (excluded.contains(imageKey(source, cam.topic(), c.image().stampNs()))) continue;
      Supplier<RgbImage> image = image(source, cam, c.image());
      if (imagesAhead) {
        RgbImage decoded = image.get();
        image = () -> decoded;
      }
      cameras.add(new CameraFrame(cam.topic(), c.image().stampNs(), shared.models[c.camera()], c.cloudToCamera(), image));
    }
    return new Sample(source, e.stampNs(), points, keyPoints, gt, cameras);
  }

  /**
   * The image at REF, read and decoded when first asked for, on the asking thread, and kept while the sample is
   * (teacher jobs read without keeping: a pass holds every job).
   */
  private Supplier<RgbImage> image(String source, SampleIndex.Camera camera, SampleIndex.MessageRef ref) {
    return new Supplier<>() {
      private RgbImage decoded;

      @Override
      public synchronized RgbImage get() {
        if (decoded == null) decoded = readImage(source, camera, ref);
        return decoded;
      }
    };
  }

  /** The image at REF, decoded; one whose size is not its camera_info's is refused (its pixels would pair wrongly). */
  private RgbImage readImage(String source, SampleIndex.Camera camera, SampleIndex.MessageRef ref) {
    RgbImage image;
    try {
      BagMessage m = fetch(ref, camera.topic(), source);
      image = m.type().equals(MessageTypes.COMPRESSED_IMAGE.name())
          ? ImageDecoder.decode(MessageTypes.COMPRESSED_IMAGE.decode(m.data()))
          : ImageDecoder.decode(MessageTypes.IMAGE.decode(m.data()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(source + ", topic " + camera.topic() + ", image at " + ref.stampNs() + " ns: " + e.getMessage(), e);
    }
    int w = camera.calibration().width(), h = camera.calibration().height();
    if (image.width() != w || image.height() != h) {
      throw new IllegalArgumentException(source + ", topic " + camera.topic() + ", image at " + ref.stampNs() + " ns: " + image.width() + " x "
          + image.height() + " pixels, but its camera_info says " + w + " x " + h);
    }
    return image;
  }

  /** The message of TOPIC at REF, read from its place by this thread's open files. */
  private BagMessage fetch(SampleIndex.MessageRef ref, String topic, String source) throws IOException {
    List<BagMessage> found = new ArrayList<>();
    for (BagMessage m : shared.open.get().read(ref.file(), ref.location(), topic)) {
      if (m.logTimeNs() == ref.logTimeNs()) found.add(m);
    }
    if (found.isEmpty()) {
      throw new BagFormatException(index.files().get(ref.file()), "message of " + topic + " logged at " + ref.logTimeNs() + " ns", -1,
          "not found at " + ref.location() + " (" + source + " changed since it was indexed?)");
    }
    return found.get(0);
  }

  /** Compacts XYZI (and LABELS) in place to the points at least the minimum range from the sensor; returns how many. */
  private int dropNear(float[] xyzi, int[] labels) {
    double min2 = config.minRangeM * config.minRangeM;
    int n = xyzi.length / Sample.STRIDE;
    int kept = 0;
    for (int i = 0; i < n; i++) {
      float x = xyzi[i * 4], y = xyzi[i * 4 + 1], z = xyzi[i * 4 + 2];
      if ((double) x * x + (double) y * y + (double) z * z < min2) continue;
      System.arraycopy(xyzi, i * 4, xyzi, kept * 4, 4);
      if (labels != null) labels[kept] = labels[i];
      kept++;
    }
    return kept;
  }

  /** Samples of an order, read by the pool at most {@code depth} ahead of the consumer, handed out in order. */
  private final class ReadAhead implements SampleStream {
    private final int[] order;
    private final Deque<Future<Sample>> ahead = new ArrayDeque<>();
    private int submitted;
    private int taken;

    ReadAhead(int[] order) {
      this.order = order;
      fill();
    }

    private void fill() {
      while (submitted < order.length && ahead.size() < shared.depth) {
        int position = order[submitted++];
        ahead.add(shared.pool.submit(() -> build(entry(position))));
      }
    }

    @Override
    public Sample next() {
      if (taken >= order.length) throw new java.util.NoSuchElementException("all " + order.length + " samples were read");
      Future<Sample> f = ahead.poll();
      SampleIndex.Entry e = entry(order[taken++]);
      fill();
      try {
        return f.get();
      } catch (ExecutionException ex) {
        Throwable cause = ex.getCause();
        shared.skipped.add("unreadable sample", index.source(e) + ", keyframe at " + e.stampNs() + " ns: " + cause.getMessage());
        return null;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading samples", ex);
      }
    }

    @Override
    public void close() {
      for (Future<Sample> f : ahead) f.cancel(false);
      ahead.clear();
    }
  }
}
