package dev.clip2scene.model.infer.cuda;

import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.infer.Layers;
import dev.clip2scene.model.infer.MapRef;
import dev.clip2scene.model.net.FusedNetwork;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A folded network's topology recorded once as a list of device operations on symbolic tensors, up to and including
 * its head; the engine turns it into launches. The head's output is either the features or, with the text embeddings
 * folded into it, the logits; MinkUNet's last step (voxels to points) is left to the output kernel.
 */
final class NetworkProgram {
  /** Feature rows are stored with their width rounded up to this (C2S_PAD). */
  static final int PAD = ParamLayout.kernels().constant("C2S_PAD");

  /** Rows of a tensor: voxels of a level, or the kept points. */
  record Domain(boolean points, int level) {
    static Domain voxels(int level) {
      return new Domain(false, level);
    }

    static final Domain POINTS = new Domain(true, -1);
  }

  /**
   * A feature tensor: rows of a domain, WIDTH channels. Stored tensors have no parts; a concatenation lists the stored
   * tensors it places side by side (each at its padded width) and has no storage of its own.
   */
  record Tensor(int id, Domain domain, int width, List<Tensor> parts) {
    boolean stored() {
      return parts.isEmpty();
    }

    /** The stored tensors this one reads. */
    List<Tensor> storage() {
      return stored() ? List.of(this) : parts;
    }

    /** Width as laid out: a stored tensor's rounded up to PAD; a concatenation's parts' padded widths summed. */
    int paddedWidth() {
      if (stored()) return padded(width);
      int w = 0;
      for (Tensor t : parts) w += t.paddedWidth();
      return w;
    }
  }

  sealed interface Op permits Conv, ToPoints, Average {
    Tensor out();

    /** Stored tensors read. */
    List<Tensor> reads();
  }

  /** A convolution over a map, or a dense layer (MAP null) on the input's rows. */
  record Conv(FoldedConv conv, Tensor input, MapRef map, Tensor add, Tensor out) implements Op {
    @Override
    public List<Tensor> reads() {
      List<Tensor> r = new ArrayList<>(input.storage());
      if (add != null) r.add(add);
      return r;
    }
  }

  record ToPoints(Tensor voxels, int level, boolean nearest, Tensor plus, Tensor out) implements Op {
    @Override
    public List<Tensor> reads() {
      return plus == null ? List.of(voxels) : List.of(voxels, plus);
    }
  }

  record Average(Tensor points, int level, Tensor out) implements Op {
    @Override
    public List<Tensor> reads() {
      return List.of(points);
    }
  }

  final Tensor input;
  /** The operations before the head, in order. */
  final List<Op> body;
  final Conv head;
  final boolean headOnVoxels;
  /** Every kernel map the body uses. */
  final Set<MapRef> maps;
  /** The deepest voxel level used. */
  final int levels;
  /** Levels whose point rows need their voxel (to points, averages), and those with trilinear weights. */
  final Set<Integer> pointLevels;
  final Set<Integer> trilinearLevels;

  private NetworkProgram(Tensor input, List<Op> body, Conv head, boolean headOnVoxels) {
    this.input = input;
    this.body = List.copyOf(body);
    this.head = head;
    this.headOnVoxels = headOnVoxels;
    Set<MapRef> m = new LinkedHashSet<>();
    Set<Integer> pl = new TreeSet<>();
    Set<Integer> tl = new TreeSet<>();
    int deepest = 0;
    for (Op op : body) {
      if (op instanceof Conv c && c.map() != null) {
        m.add(c.map());
        deepest = Math.max(deepest, c.map().outputLevel());
        deepest = Math.max(deepest, c.map().inputLevel());
      } else if (op instanceof ToPoints t) {
        pl.add(t.level());
        if (!t.nearest()) tl.add(t.level());
        deepest = Math.max(deepest, t.level());
      } else if (op instanceof Average a) {
        pl.add(a.level());
        deepest = Math.max(deepest, a.level());
      }
    }
    this.maps = m;
    this.pointLevels = pl;
    this.trilinearLevels = tl;
    this.levels = deepest;
    if (levels >= MemoryPlan.LEVELS) {
      throw new IllegalArgumentException("a network " + levels + " levels deep: the engine handles " + (MemoryPlan.LEVELS - 1));
    }
  }

  static int padded(int width) {
    return (width + PAD - 1) / PAD * PAD;
  }

  /** Records NETWORK's topology. */
  static NetworkProgram record(FusedNetwork network) {
    Recorder r = new Recorder(network.config().inputChannels());
    Tensor result = network.topology().run(r);
    FoldedConv headConv = network.topology().head();
    int at = -1;
    for (int i = 0; i < r.ops.size(); i++) {
      if (r.ops.get(i) instanceof Conv c && c.conv() == headConv && c.map() == null) at = i;
    }
    if (at < 0) throw new IllegalArgumentException("the network's head is not a dense layer of its topology");
    Conv head = (Conv) r.ops.get(at);
    List<Op> after = r.ops.subList(at + 1, r.ops.size());
    boolean onVoxels = network.topology().headOnVoxels();
    boolean shape = onVoxels
        ? after.size() == 1 && after.get(0) instanceof ToPoints t && t.voxels() == head.out() && t.level() == 0 && t.nearest() && t.plus() == null
            && t.out() == result && head.out().domain().equals(Domain.voxels(0))
        : after.isEmpty() && result == head.out() && head.out().domain().points();
    if (!shape) throw new IllegalArgumentException("the CUDA engine needs the head last (then, on voxels, each point taking its voxel's row)");
    return new NetworkProgram(r.input, r.ops.subList(0, at), head, onVoxels);
  }

  /** Records the topology's operations as it calls them. */
  private static final class Recorder implements Layers<Tensor> {
    private final List<Op> ops = new ArrayList<>();
    private final int inputChannels;
    private Tensor input;
    private int ids;

    Recorder(int inputChannels) {
      this.inputChannels = inputChannels;
    }

    private Tensor stored(Domain d, int width) {
      return new Tensor(ids++, d, width, List.of());
    }

    @Override
    public Tensor voxelInput() {
      if (input == null) input = stored(Domain.voxels(0), inputChannels);
      return input;
    }

    @Override
    public Tensor conv(FoldedConv c, Tensor x, MapRef map, Tensor add) {
      require(x.domain().equals(Domain.voxels(map.inputLevel())), "convolution over " + map + " on rows of " + x.domain());
      require(c.volume() == map.volume(), "convolution of volume " + c.volume() + " over " + map);
      return convolution(c, x, map, add, Domain.voxels(map.outputLevel()));
    }

    @Override
    public Tensor dense(FoldedConv c, Tensor x) {
      require(c.volume() == 1, "dense layer of volume " + c.volume());
      return convolution(c, x, null, null, x.domain());
    }

    private Tensor convolution(FoldedConv c, Tensor x, MapRef map, Tensor add, Domain out) {
      require(c.in() == x.width(), "layer of " + c.in() + " inputs on " + x.width() + " channels");
      if (add != null) require(add.stored() && add.domain().equals(out) && add.width() == c.out(), "residual of another shape");
      Tensor y = stored(out, c.out());
      ops.add(new Conv(c, x, map, add, y));
      return y;
    }

    @Override
    public Tensor concat(Tensor a, Tensor b) {
      require(a.domain().equals(b.domain()), "joining rows of " + a.domain() + " and " + b.domain());
      List<Tensor> parts = new ArrayList<>(a.storage());
      parts.addAll(b.storage());
      require(parts.size() <= 4, "a layer reads at most 4 tensors side by side");
      return new Tensor(ids++, a.domain(), a.width() + b.width(), List.copyOf(parts));
    }

    @Override
    public Tensor toPoints(Tensor voxels, int level, boolean nearest, Tensor plus) {
      require(voxels.stored() && voxels.domain().equals(Domain.voxels(level)), "voxels to points from " + voxels.domain());
      if (plus != null) require(plus.stored() && plus.domain().points() && plus.width() == voxels.width(), "points plus another shape");
      Tensor y = stored(Domain.POINTS, voxels.width());
      ops.add(new ToPoints(voxels, level, nearest, plus, y));
      return y;
    }

    @Override
    public Tensor average(Tensor points, int level) {
      require(points.stored() && points.domain().points(), "averaging rows of " + points.domain());
      Tensor y = stored(Domain.voxels(level), points.width());
      ops.add(new Average(points, level, y));
      return y;
    }

    private static void require(boolean ok, String what) {
      if (!ok) throw new IllegalArgumentException("the CUDA engine cannot run this topology: " + what);
    }
  }
}
