package dev.clip2scene.model.infer.cuda;

import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.MapRef;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.PointFeatures;
import dev.clip2scene.model.net.Segmentation;
import dev.clip2scene.model.net.StageTimes;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.voxel.CoordKeys;
import dev.clip2scene.model.voxel.CropBox;
import dev.clip2scene.model.voxel.PointCloud;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One folded network on one CUDA device, a cloud at a time, everything per cloud on the device: the points go up
 * (one copy from page-locked memory, which also resets the cloud's counters), one CUDA graph runs voxelization,
 * kernel maps, the network and the labels (about a hundred kernels, each looping over counts the earlier ones left in
 * device memory, so the graph captured once serves every cloud that fits), and labels and scores come back (two
 * copies); the host waits once. Buffers are planned for a capacity of points and allocated when a cloud first
 * exceeds it (then the graph is captured again); nothing is allocated per cloud. Weights are folded, padded and
 * uploaded once; the text embeddings are folded into the head when they change.
 *
 * <p>Not thread-safe. A {@link GpuException} from any call leaves the engine unusable when it is fatal.
 */
public final class CudaEngine implements AutoCloseable {
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  // C2sState field offsets (c2s_params.cuh)
  private static final int VALID = 40;
  private static final int VOXELS = 48;

  private final Gpu gpu;
  private final FusedNetwork network;
  private final NetworkProgram program;
  private final ActivationSlots slots;
  private final boolean half;
  private final CropBox crop;
  private final LaunchGeometry geometry;
  private final int stride;
  private final Map<NetworkProgram.Conv, long[]> weights = new IdentityHashMap<>();
  private final long weightBlock;
  private long weightBytes;

  private MemoryPlan plan;
  private final Map<String, Long> buffers = new HashMap<>();
  private final Map<String, Long> featureBuffers = new LinkedHashMap<>();
  private HostBuffer input;
  private HostBuffer output;
  private HostBuffer featureOutput;
  private Gpu.Graph segmentGraph;
  private Gpu.Graph featuresGraph;
  private long[] segmentEvents;
  private long[] featuresEvents;
  private long startEvent = -1;
  private long endEvent = -1;
  private TextEmbeddings text;
  private StageTimes last = StageTimes.NONE;
  private long peakBytes;

  /** Folds NETWORK's weights for the device (float16 when HALF, else float32) and uploads them. */
  public CudaEngine(Gpu gpu, FusedNetwork network, boolean half, CropBox crop) {
    this.gpu = gpu;
    this.network = network;
    this.program = NetworkProgram.record(network);
    this.slots = new ActivationSlots(program);
    this.half = half;
    this.crop = crop;
    this.geometry = new LaunchGeometry(gpu.info().multiprocessors());
    this.stride = 3 + network.config().inputChannels();
    gpu.bind();
    this.weightBlock = uploadWeights();
  }

  /** NETWORK on CUDA device ORDINAL (the device is released again if the engine cannot be set up). */
  public static CudaEngine open(int ordinal, FusedNetwork network, boolean half, CropBox crop) {
    CudaDriver gpu = CudaDriver.open(ordinal);
    try {
      return new CudaEngine(gpu, network, half, crop);
    } catch (RuntimeException e) {
      gpu.close();
      throw e;
    }
  }

  public FusedNetwork network() {
    return network;
  }

  public boolean half() {
    return half;
  }

  public Gpu gpu() {
    return gpu;
  }

  public StageTimes lastTimes() {
    return last;
  }

  /** Device memory the engine holds now (weights, buffers), and the most it held. */
  public long deviceBytes() {
    long b = plan == null ? 0 : plan.totalBytes();
    for (long f : featureBuffers.values()) b += f;
    return b + weightBytes;
  }

  public long peakDeviceBytes() {
    return Math.max(peakBytes, deviceBytes());
  }

  /** The current capacity in points (0 before the first cloud). */
  public int capacity() {
    return plan == null ? 0 : plan.capacity;
  }

  private long uploadWeights() {
    Map<NetworkProgram.Conv, long[]> offsets = new IdentityHashMap<>();
    long size = 0;
    for (NetworkProgram.Op op : program.body) {
      if (op instanceof NetworkProgram.Conv c) size = place(c, c.conv(), size, offsets);
    }
    size = place(program.head, program.head.conv(), size, offsets);
    ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size)).order(LE);
    for (Map.Entry<NetworkProgram.Conv, long[]> e : offsets.entrySet()) {
      NetworkProgram.Conv c = e.getKey();
      int cin = c.input().paddedWidth();
      int cout = NetworkProgram.padded(c.conv().out());
      bytes.position((int) e.getValue()[0]);
      WeightPacking.weights(c.conv(), WeightPacking.inputPositions(c.conv(), c.input().storage()), cin, cout, half, bytes);
      bytes.position((int) e.getValue()[1]);
      WeightPacking.bias(c.conv().bias(), cout, bytes);
    }
    long device = gpu.allocate(size);
    HostBuffer staging = gpu.allocateHost(size);
    try {
      staging.bytes().put(bytes.clear());
      gpu.upload(device, staging, 0, size);
      gpu.synchronize();
    } finally {
      gpu.freeHost(staging);
    }
    for (Map.Entry<NetworkProgram.Conv, long[]> e : offsets.entrySet()) {
      weights.put(e.getKey(), new long[] {device + e.getValue()[0], device + e.getValue()[1]});
    }
    weightBytes = size;
    return device;
  }

  private long place(NetworkProgram.Conv c, FoldedConv conv, long at, Map<NetworkProgram.Conv, long[]> offsets) {
    int cin = c.input().paddedWidth();
    int cout = NetworkProgram.padded(conv.out());
    long w = align(at);
    long b = align(w + WeightPacking.weightBytes(conv.volume(), cin, cout, half));
    offsets.put(c, new long[] {w, b});
    return b + 4L * cout;
  }

  private static long align(long at) {
    return (at + 255) / 256 * 256;
  }

  /** Labels and scores of every point of CLOUD against TEXT; -1 and 0 for points the voxelizer rejects. */
  public Segmentation segment(PointCloud cloud, TextEmbeddings text) {
    if (text.dim() != network.config().outputDim()) {
      throw new IllegalArgumentException("text embeddings have " + text.dim() + " dims, the network outputs " + network.config().outputDim());
    }
    int n = prepare(cloud, text.classes());
    if (n == 0) return new Segmentation(new int[0], new float[0], 0);
    if (text != this.text) uploadText(text);
    if (segmentGraph == null) {
      segmentEvents = events(segmentEvents);
      segmentGraph = gpu.capture(() -> enqueue(false, segmentEvents, null));
    }
    send(cloud);
    segmentGraph.launch();
    gpu.download(output, 0, buffers.get("outLabels"), 4L * n);
    gpu.download(output, 4L * n, buffers.get("outScores"), 4L * n);
    gpu.record(endEvent);
    gpu.synchronize();
    last = times(segmentEvents);
    int[] labels = new int[n];
    float[] scores = new float[n];
    ByteBuffer out = output.bytes();
    out.asIntBuffer().get(labels);
    out.position(4 * n);
    out.slice().order(LE).asFloatBuffer().get(scores);
    out.clear();
    int rejected = 0;
    for (int l : labels) if (l < 0) rejected++;
    return new Segmentation(labels, scores, rejected);
  }

  /** Features of every point of CLOUD (zeros, and not kept, where the voxelizer rejects a point). */
  public PointFeatures features(PointCloud cloud) {
    int n = prepare(cloud, 1);
    int dim = network.config().outputDim();
    if (featuresGraph == null) {
      allocateFeatureBuffers();
      featuresEvents = events(featuresEvents);
      featuresGraph = gpu.capture(() -> enqueue(true, featuresEvents, null));
    }
    if (n == 0) return new PointFeatures(0, dim, new float[0], new boolean[0]);
    send(cloud);
    featuresGraph.launch();
    gpu.download(featureOutput, 0, featureBuffers.get("outFeatures"), 4L * dim * n);
    gpu.download(featureOutput, 4L * dim * n, buffers.get("rowOf"), 4L * n);
    gpu.record(endEvent);
    gpu.synchronize();
    last = times(featuresEvents);
    float[] values = new float[n * dim];
    ByteBuffer b = featureOutput.bytes();
    b.asFloatBuffer().get(values);
    boolean[] kept = new boolean[n];
    for (int i = 0; i < n; i++) kept[i] = b.getInt(4 * (dim * n + i)) >= 0;
    return new PointFeatures(n, dim, values, kept);
  }

  /** The buffers features need beside the plan's (and their page-locked copy), once per plan. */
  private void allocateFeatureBuffers() {
    if (!featureBuffers.isEmpty()) return;
    for (Map.Entry<String, Long> e : MemoryPlan.featureBuffers(program, plan.capacity, half).entrySet()) {
      featureBuffers.put(e.getKey(), gpu.allocate(e.getValue()));
    }
    featureOutput = gpu.allocateHost(4L * (network.config().outputDim() + 1) * plan.capacity);
    peakBytes = Math.max(peakBytes, deviceBytes());
  }

  /** The graph's stage events (created once per device; the graph records them each time it runs). */
  private long[] events(long[] existing) {
    if (existing != null) return existing;
    long[] e = new long[5];
    for (int i = 0; i < e.length; i++) e[i] = gpu.createEvent();
    return e;
  }

  private StageTimes times(long[] events) {
    long[] at = new long[7];
    long[] all = {startEvent, events[0], events[1], events[2], events[3], events[4], endEvent};
    for (int i = 1; i < all.length; i++) at[i] = Math.round(1e6 * gpu.elapsedMs(all[i - 1], all[i]));
    return new StageTimes(at[1], at[2], at[3], at[4], at[5], at[6]);
  }

  /** Checks the cloud, grows the plan when it does not fit; returns its point count. */
  private int prepare(PointCloud cloud, int classes) {
    if (cloud.stride() != stride) {
      throw new IllegalArgumentException("points carry " + cloud.channels() + " feature channels; the network expects "
          + network.config().inputChannels() + " " + network.config().inputFeatures());
    }
    gpu.bind();
    int n = cloud.size();
    if (plan == null || n > plan.capacity || classes > plan.classCapacity) {
      int capacity = plan == null || n > plan.capacity ? MemoryPlan.capacityFor(n) : plan.capacity;
      int classCapacity = Math.max(classes, plan == null ? 32 : plan.classCapacity);
      replan(capacity, classCapacity);
    }
    return n;
  }

  private void replan(int capacity, int classCapacity) {
    release();
    plan = new MemoryPlan(program, slots, capacity, stride, half, classCapacity);
    for (Map.Entry<String, Long> e : plan.buffers().entrySet()) buffers.put(e.getKey(), gpu.allocate(e.getValue()));
    input = gpu.allocateHost(MemoryPlan.STATE_BYTES + 4L * stride * capacity);
    output = gpu.allocateHost(8L * capacity);
    peakBytes = Math.max(peakBytes, deviceBytes());
    text = null;
  }

  /** Writes the cloud's state (the counters reset) and points into page-locked memory and uploads them. */
  private void send(PointCloud cloud) {
    int n = cloud.size();
    ByteBuffer b = input.bytes();
    b.putLong(0, n);
    for (int a = 0; a < 3; a++) b.putLong(8 + 8 * a, Long.MAX_VALUE);
    for (int at = 32; at < MemoryPlan.STATE_BYTES; at += 8) b.putLong(at, 0);
    b.position(MemoryPlan.STATE_BYTES);
    b.slice().order(LE).asFloatBuffer().put(cloud.data());
    b.clear();
    if (startEvent < 0) {
      startEvent = gpu.createEvent();
      endEvent = gpu.createEvent();
    }
    gpu.record(startEvent);
    gpu.upload(buffers.get("cloud"), input, 0, MemoryPlan.STATE_BYTES + 4L * stride * n);
  }

  /** Folds TEXT into the head and uploads it (ordered before the next graph on the stream). */
  private void uploadText(TextEmbeddings t) {
    FoldedConv folded = WeightPacking.foldText(program.head.conv(), t.values(), t.classes());
    int cin = program.head.input().paddedWidth();
    int classes = NetworkProgram.padded(plan.classCapacity);
    long wBytes = WeightPacking.weightBytes(1, cin, classes, half);
    HostBuffer staging = gpu.allocateHost(wBytes + 4L * classes + 8);
    try {
      ByteBuffer b = staging.bytes();
      WeightPacking.weights(folded, WeightPacking.inputPositions(folded, program.head.input().storage()), cin, classes, half, b);
      WeightPacking.bias(folded.bias(), classes, b);
      b.putLong(t.classes());
      gpu.upload(buffers.get("textWeight"), staging, 0, wBytes);
      gpu.upload(buffers.get("textBias"), staging, wBytes, 4L * classes);
      gpu.upload(buffers.get("classes"), staging, wBytes + 4L * classes, 8);
      gpu.synchronize();
    } finally {
      gpu.freeHost(staging);
    }
    text = t;
  }

  // ---- the launch sequence -------------------------------------------------------------------------------------

  private long buffer(String name) {
    Long a = buffers.get(name);
    if (a == null) a = featureBuffers.get(name);
    if (a == null) throw new IllegalStateException("no buffer " + name + " in the plan");
    return a;
  }

  private long state() {
    return buffer("cloud");
  }

  /** The device counter of a domain's rows. */
  private long rows(NetworkProgram.Domain d) {
    return state() + (d.points() ? VALID : VOXELS + 8L * d.level());
  }

  private long slot(NetworkProgram.Tensor t) {
    return buffer(MemoryPlan.slot(slots.slot(t)));
  }

  private void launch(Kernel k, int grid, ParamLayout.Params p) {
    gpu.launch(k.symbol, grid, k.threads, p.bytes());
  }

  /** Sees each operation's output right after it ran (tests, on a device that runs each launch as it is made). */
  interface Tracer {
    void geometry();

    void after(NetworkProgram.Op op, long output);
  }

  /** Runs CLOUD's features launch by launch (no graph), calling TRACER after the geometry and after each operation. */
  void trace(PointCloud cloud, Tracer tracer) {
    prepare(cloud, 1);
    allocateFeatureBuffers();
    send(cloud);
    featuresEvents = events(featuresEvents);
    enqueue(true, featuresEvents, tracer);
    gpu.synchronize();
  }

  NetworkProgram program() {
    return program;
  }

  /** A planned buffer's device address (tests). */
  long address(String name) {
    return buffer(name);
  }

  /** A stored tensor's device address (tests). */
  long address(NetworkProgram.Tensor t) {
    return slot(t);
  }

  /** Everything a cloud runs on the device, between its upload and its download; EVENTS[0..4] mark the stages. */
  private void enqueue(boolean features, long[] events, Tracer tracer) {
    int capacity = plan.capacity;
    gpu.record(events[0]);
    voxelize(capacity);
    gpu.record(events[1]);
    maps(capacity);
    gpu.record(events[2]);
    if (tracer != null) tracer.geometry();
    for (NetworkProgram.Op op : program.body) {
      if (op instanceof NetworkProgram.Conv c) {
        long[] w = weights.get(c);
        convolution(c, w[0], w[1], slot(c.out()), NetworkProgram.padded(c.conv().out()), false);
      } else if (op instanceof NetworkProgram.ToPoints t) {
        toPoints(t, capacity);
      } else if (op instanceof NetworkProgram.Average a) {
        launch(Kernel.AVERAGE, geometry.elementwise((long) capacity * a.out().paddedWidth(), 256), Kernel.AVERAGE.params()
            .set("level", a.level()).set("points", slot(a.points())).set("width", a.points().paddedWidth())
            .set("pointStart", buffer(MemoryPlan.pointStart(a.level()))).set("out", slot(a.out())).set("state", state())
            .set("half", half ? 1 : 0));
      }
      if (tracer != null) tracer.after(op, slot(op.out()));
    }
    gpu.record(events[3]);
    head(features, capacity);
    gpu.record(events[4]);
    if (tracer != null) tracer.after(program.head, features ? buffer("features") : buffer("logits"));
  }

  private void voxelize(int capacity) {
    long state = state();
    ParamLayout.Params points = Kernel.POINTS.params().set("data", state + MemoryPlan.STATE_BYTES).set("stride", stride)
        .set("crop", crop == null ? 0 : 1).setDouble("invVoxel", 1.0 / network.config().voxelSize()).set("limit", CoordKeys.LIMIT)
        .set("state", state).set("coords", buffer("coords")).set("flags", buffer("flags")).set("rowOf", buffer("rowOf"));
    if (crop != null) {
      double[] lo = {crop.minX(), crop.minY(), crop.minZ()};
      double[] hi = {crop.maxX(), crop.maxY(), crop.maxZ()};
      for (int a = 0; a < 3; a++) points.setDouble("cropMin", a, lo[a]).setDouble("cropMax", a, hi[a]);
    }
    launch(Kernel.POINTS, geometry.elementwise(capacity, 256), points);
    scan(0, buffer("flags"), 0, 0, state, buffer("position"), state + VALID);
    launch(Kernel.KEYS, geometry.elementwise(capacity, 256), Kernel.KEYS.params().set("coords", buffer("coords"))
        .set("position", buffer("position")).set("state", state).set("keys", buffer("keysA")).set("vals", buffer("valsA")));
    for (int pass = 0; pass < 8; pass++) {
      boolean even = pass % 2 == 0;
      ParamLayout.Params p = Kernel.SORT_HISTOGRAM.params().set("srcKeys", buffer(even ? "keysA" : "keysB"))
          .set("srcVals", buffer(even ? "valsA" : "valsB")).set("dstKeys", buffer(even ? "keysB" : "keysA"))
          .set("dstVals", buffer(even ? "valsB" : "valsA")).set("shift", 8L * pass).set("hist", buffer("histogram")).set("state", state);
      launch(Kernel.SORT_HISTOGRAM, MemoryPlan.SORT_BLOCKS, p);
      launch(Kernel.SORT_OFFSETS, 1, p);
      launch(Kernel.SORT_SCATTER, MemoryPlan.SORT_BLOCKS, p);
    }
    scan(1, 0, buffer("keysA"), 0, state + VALID, buffer("runs"), state + VOXELS);
    launch(Kernel.VOXELS, geometry.elementwise(capacity, 256), Kernel.VOXELS.params().set("keys", buffer("keysA"))
        .set("vals", buffer("valsA")).set("runs", buffer("runs")).set("state", state).set("voxelKeys", buffer(MemoryPlan.keys(0)))
        .set("voxelStart", buffer(MemoryPlan.pointStart(0))).set("pointVoxel", buffer(MemoryPlan.pointVoxel(0)))
        .set("rowOf", buffer("rowOf")));
    launch(Kernel.VOXEL_FEATURES, geometry.elementwise(capacity, 256), Kernel.VOXEL_FEATURES.params()
        .set("data", state + MemoryPlan.STATE_BYTES).set("stride", stride).set("channels", stride - 3).set("vals", buffer("valsA"))
        .set("voxelStart", buffer(MemoryPlan.pointStart(0))).set("state", state).set("out", slot(program.input))
        .set("width", program.input.paddedWidth()).set("half", half ? 1 : 0));
  }

  private void scan(int mode, long flags, long keys, int shift, long count, long out, long total) {
    ParamLayout.Params p = Kernel.SCAN_PARTIALS.params().set("mode", mode).set("flags", flags).set("keys", keys).set("shift", shift)
        .set("count", count).set("out", out).set("partial", buffer("partial")).set("total", total);
    launch(Kernel.SCAN_PARTIALS, MemoryPlan.SCAN_BLOCKS, p);
    launch(Kernel.SCAN_TOP, 1, p);
    launch(Kernel.SCAN_APPLY, MemoryPlan.SCAN_BLOCKS, p);
  }

  private void maps(int capacity) {
    long state = state();
    for (int l = 1; l <= program.levels; l++) {
      scan(1, 0, buffer(MemoryPlan.keys(l - 1)), 3, state + VOXELS + 8L * (l - 1), buffer("runs"), state + VOXELS + 8L * l);
      launch(Kernel.COARSEN, geometry.elementwise(capacity, 256), Kernel.COARSEN.params().set("level", l)
          .set("fineKeys", buffer(MemoryPlan.keys(l - 1))).set("runs", buffer("runs"))
          .set("finePointStart", buffer(MemoryPlan.pointStart(l - 1))).set("state", state).set("coarseKeys", buffer(MemoryPlan.keys(l)))
          .set("parent", buffer(MemoryPlan.parent(l))).set("childStart", buffer(MemoryPlan.childStart(l)))
          .set("pointStart", buffer(MemoryPlan.pointStart(l))).set("up", buffer(MemoryPlan.up(l - 1))).set("fineCapacity", capacity));
      if (program.maps.contains(MapRef.down(l - 1))) {
        launch(Kernel.CHILDREN, geometry.elementwise(capacity, 256), Kernel.CHILDREN.params().set("level", l)
            .set("fineKeys", buffer(MemoryPlan.keys(l - 1))).set("childStart", buffer(MemoryPlan.childStart(l))).set("state", state)
            .set("child", buffer(MemoryPlan.table(MapRef.down(l - 1)))).set("capacity", capacity));
      }
    }
    for (MapRef m : program.maps) {
      if (m.kind() != MapRef.Kind.SUBMANIFOLD) continue;
      launch(Kernel.SUBMANIFOLD, geometry.elementwise((long) capacity * m.volume(), 256), Kernel.SUBMANIFOLD.params()
          .set("level", m.level()).set("kernel", m.kernel()).set("keys", buffer(MemoryPlan.keys(m.level()))).set("state", state)
          .set("neighbours", buffer(MemoryPlan.table(m))).set("capacity", capacity));
    }
    for (MapRef m : program.maps) {
      launch(Kernel.TILE_MASKS, geometry.tiles(capacity), Kernel.TILE_MASKS.params().set("neighbours", buffer(MemoryPlan.table(m)))
          .set("volume", m.volume()).set("capacity", capacity).set("rows", state + VOXELS + 8L * m.outputLevel())
          .set("masks", buffer(MemoryPlan.mask(m))));
    }
    int pointLevels = program.pointLevels.stream().mapToInt(Integer::intValue).max().orElse(0);
    for (int l = 1; l <= pointLevels; l++) {
      launch(Kernel.POINT_PARENT, geometry.elementwise(capacity, 256), Kernel.POINT_PARENT.params().set("parent", buffer(MemoryPlan.parent(l)))
          .set("fine", buffer(MemoryPlan.pointVoxel(l - 1))).set("coarse", buffer(MemoryPlan.pointVoxel(l))).set("state", state));
    }
    for (int l : program.trilinearLevels) {
      launch(Kernel.INTERPOLATION, geometry.elementwise(capacity, 256), Kernel.INTERPOLATION.params().set("level", l)
          .set("data", state + MemoryPlan.STATE_BYTES).set("stride", stride).setDouble("invVoxel", 1.0 / network.config().voxelSize())
          .set("vals", buffer("valsA")).set("pointVoxel", buffer(MemoryPlan.pointVoxel(l))).set("keys", buffer(MemoryPlan.keys(l)))
          .set("state", state).set("index", buffer(MemoryPlan.interpolationIndex(l))).set("weight", buffer(MemoryPlan.interpolationWeight(l))));
    }
  }

  private void toPoints(NetworkProgram.ToPoints t, int capacity) {
    ParamLayout.Params p = Kernel.TO_POINTS.params().set("nearest", t.nearest() ? 1 : 0).set("voxels", slot(t.voxels()))
        .set("width", t.voxels().paddedWidth()).set("pointVoxel", buffer(MemoryPlan.pointVoxel(t.level())))
        .set("index", t.nearest() ? 0 : buffer(MemoryPlan.interpolationIndex(t.level())))
        .set("weight", t.nearest() ? 0 : buffer(MemoryPlan.interpolationWeight(t.level())))
        .set("plus", t.plus() == null ? 0 : slot(t.plus())).set("out", slot(t.out())).set("state", state()).set("half", half ? 1 : 0);
    launch(Kernel.TO_POINTS, geometry.elementwise((long) capacity * t.out().paddedWidth(), 256), p);
  }

  /** A convolution or dense layer of C with the given weights into OUT (COUT padded columns). */
  private void convolution(NetworkProgram.Conv c, long weight, long bias, long out, int cout, boolean outFloat) {
    int capacity = plan.capacity;
    Kernel k = half ? LaunchGeometry.halfConvolution(cout) : Kernel.CONV_F32;
    ParamLayout.Params p = k.params();
    int s = 0;
    for (NetworkProgram.Tensor part : c.input().storage()) {
      p.set("in", s, slot(part)).set("inWidth", s, part.paddedWidth());
      s++;
    }
    MapRef map = c.map();
    p.set("segments", s).set("cin", c.input().paddedWidth())
        .set("neighbours", map == null ? 0 : buffer(MemoryPlan.table(map))).set("volume", c.conv().volume()).set("capacity", capacity)
        .set("masks", map == null ? 0 : buffer(MemoryPlan.mask(map))).set("weight", weight).set("bias", bias)
        .set("add", c.add() == null ? 0 : slot(c.add())).set("relu", c.conv().relu() ? 1 : 0).set("out", out).set("cout", cout)
        .set("outFloat", outFloat ? 1 : 0).set("rows", rows(c.out().domain()));
    launch(k, geometry.convolution(capacity, cout, LaunchGeometry.columnsPerTile(k), k.threads), p);
  }

  private void head(boolean features, int capacity) {
    NetworkProgram.Conv h = program.head;
    long rowsAt = rows(h.out().domain());
    ParamLayout.Params out = Kernel.OUTPUT.params().set("state", state()).set("rowOf", buffer("rowOf"))
        .set("pointVoxel", buffer(MemoryPlan.pointVoxel(0))).set("onVoxels", program.headOnVoxels ? 1 : 0).set("half", half ? 1 : 0);
    if (features) {
      long[] w = weights.get(h);
      int dim = h.conv().out();
      convolution(h, w[0], w[1], buffer("features"), NetworkProgram.padded(dim), false);
      out.set("features", 1).set("label", 0).set("score", 0).set("outLabel", 0).set("outScore", 0).set("rowFeatures", buffer("features"))
          .set("width", NetworkProgram.padded(dim)).set("dim", dim).set("outFeatures", buffer("outFeatures"));
      launch(Kernel.OUTPUT, geometry.elementwise((long) capacity * dim, 256), out);
      return;
    }
    int classes = NetworkProgram.padded(plan.classCapacity);
    convolution(h, buffer("textWeight"), buffer("textBias"), buffer("logits"), classes, true);
    launch(Kernel.LABELS, geometry.warpPerRow(capacity), Kernel.LABELS.params().set("logits", buffer("logits")).set("width", classes)
        .set("classes", buffer("classes")).set("rows", rowsAt).set("label", buffer("rowLabels")).set("score", buffer("rowScores")));
    out.set("features", 0).set("label", buffer("rowLabels")).set("score", buffer("rowScores")).set("outLabel", buffer("outLabels"))
        .set("outScore", buffer("outScores")).set("rowFeatures", 0).set("width", 0).set("dim", 0).set("outFeatures", 0);
    launch(Kernel.OUTPUT, geometry.elementwise(capacity, 256), out);
  }

  private void release() {
    if (segmentGraph != null) segmentGraph.close();
    if (featuresGraph != null) featuresGraph.close();
    segmentGraph = null;
    featuresGraph = null;
    for (long a : buffers.values()) gpu.free(a);
    for (long a : featureBuffers.values()) gpu.free(a);
    buffers.clear();
    featureBuffers.clear();
    if (input != null) gpu.freeHost(input);
    if (output != null) gpu.freeHost(output);
    if (featureOutput != null) gpu.freeHost(featureOutput);
    input = null;
    output = null;
    featureOutput = null;
    plan = null;
  }

  @Override
  public void close() {
    try {
      gpu.bind();
      release();
      gpu.free(weightBlock);
    } finally {
      gpu.close();
    }
  }
}
