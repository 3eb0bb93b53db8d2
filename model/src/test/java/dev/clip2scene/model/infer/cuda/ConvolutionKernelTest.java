package dev.clip2scene.model.infer.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.infer.FoldedConv;
import dev.clip2scene.model.io.HalfFloats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convolution kernels alone, on the emulated device, against a float64 loop: random neighbour tables (with
 * absent neighbours and whole tiles without an offset, which the masks skip), inputs made of several stored tensors
 * side by side, widths that are and are not multiples of the tiles, residual and ReLU.
 */
class ConvolutionKernelTest {
  private static final int ROWS = 150;

  private record Case(int volume, int[] inWidths, int out, boolean add, boolean relu, boolean identity) {}

  @Test
  void float32AndFloat16KernelsMatchAFloat64Loop() {
    List<Case> cases = List.of(new Case(1, new int[] {16}, 16, false, false, true), new Case(27, new int[] {20}, 24, true, true, false),
        new Case(8, new int[] {40, 24}, 72, false, true, false), new Case(125, new int[] {3}, 20, false, true, false),
        new Case(27, new int[] {96, 32}, 96, true, true, false), new Case(1, new int[] {80, 48, 40}, 130, false, false, true),
        new Case(27, new int[] {64}, 128, true, true, false));
    EmulatedGpu gpu = new EmulatedGpu(false);
    for (Case c : cases) {
      for (boolean half : new boolean[] {false, true}) run(gpu, c, half);
    }
  }

  private static void run(EmulatedGpu gpu, Case c, boolean half) {
    Random r = new Random(c.volume() * 31 + c.out());
    int cin = 0;
    for (int w : c.inWidths()) cin += w;
    float[] weight = new float[c.volume() * cin * c.out()];
    for (int i = 0; i < weight.length; i++) weight[i] = (float) r.nextGaussian() * 0.2f;
    float[] bias = new float[c.out()];
    for (int i = 0; i < bias.length; i++) bias[i] = (float) r.nextGaussian();
    FoldedConv conv = new FoldedConv(c.volume(), cin, c.out(), weight, bias, c.relu());
    int[][] nbr = new int[c.volume()][ROWS];
    for (int k = 0; k < c.volume(); k++) {
      for (int i = 0; i < ROWS; i++) {
        boolean tileWithout = (i / 64) == 1 && k % 3 == 0; // rows 64..127 lack every third offset
        nbr[k][i] = c.identity() ? i : tileWithout || r.nextInt(3) == 0 ? -1 : r.nextInt(ROWS);
      }
    }
    List<NetworkProgram.Tensor> parts = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    int id = 0;
    for (int w : c.inWidths()) {
      parts.add(new NetworkProgram.Tensor(id++, NetworkProgram.Domain.voxels(0), w, List.of()));
      float[] x = new float[ROWS * w];
      for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
      if (half) for (int i = 0; i < x.length; i++) x[i] = HalfFloats.fromHalf(HalfFloats.toHalf(x[i]));
      inputs.add(x);
    }
    int coutPad = NetworkProgram.padded(c.out());
    float[] add = new float[ROWS * c.out()];
    for (int i = 0; i < add.length; i++) add[i] = c.add() ? (float) r.nextGaussian() : 0;
    // float64 reference, from the same (rounded) inputs and weights the kernel sees
    double[] want = new double[ROWS * c.out()];
    for (int i = 0; i < ROWS; i++) {
      for (int co = 0; co < c.out(); co++) {
        double s = bias[co] + add[i * c.out() + co];
        for (int k = 0; k < c.volume(); k++) {
          int j = nbr[k][i];
          if (j < 0) continue;
          int ci = 0;
          for (int p = 0; p < parts.size(); p++) {
            for (int q = 0; q < c.inWidths()[p]; q++, ci++) {
              float wv = weight[(k * cin + ci) * c.out() + co];
              if (half) wv = HalfFloats.fromHalf(HalfFloats.toHalf(wv));
              s += (double) inputs.get(p)[j * c.inWidths()[p] + q] * wv;
            }
          }
        }
        want[i * c.out() + co] = c.relu() && s < 0 ? 0 : s;
      }
    }
    int element = half ? 2 : 4;
    List<Long> freeLater = new ArrayList<>();
    long[] in = new long[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      int w = parts.get(p).paddedWidth();
      ByteBuffer b = ByteBuffer.allocate(ROWS * w * element).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < ROWS; i++) {
        for (int q = 0; q < w; q++) {
          float v = q < c.inWidths()[p] ? inputs.get(p)[i * c.inWidths()[p] + q] : 0;
          if (half) b.putShort(HalfFloats.toHalf(v));
          else b.putFloat(v);
        }
      }
      in[p] = upload(gpu, b, freeLater);
    }
    int cinPad = 0;
    for (NetworkProgram.Tensor t : parts) cinPad += t.paddedWidth();
    ByteBuffer wb = ByteBuffer.allocate((int) WeightPacking.weightBytes(c.volume(), cinPad, coutPad, half)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    WeightPacking.weights(conv, WeightPacking.inputPositions(conv, parts), cinPad, coutPad, half, wb);
    ByteBuffer bb = ByteBuffer.allocate(4 * coutPad).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    WeightPacking.bias(bias, coutPad, bb);
    ByteBuffer ab = ByteBuffer.allocate(ROWS * coutPad * element).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < ROWS; i++) {
      for (int co = 0; co < coutPad; co++) {
        float v = co < c.out() ? add[i * c.out() + co] : 0;
        if (half) ab.putShort(HalfFloats.toHalf(v));
        else ab.putFloat(v);
      }
    }
    if (half) for (int i = 0; i < add.length; i++) add[i] = HalfFloats.fromHalf(HalfFloats.toHalf(add[i]));
    ByteBuffer nb = ByteBuffer.allocate(4 * c.volume() * ROWS).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < c.volume(); k++) for (int i = 0; i < ROWS; i++) nb.putInt(nbr[k][i]);
    ByteBuffer rowsBuf = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, ROWS);
    long rows = upload(gpu, rowsBuf, freeLater);
    long neighbours = upload(gpu, nb, freeLater);
    long masks = gpu.allocate(16L * MemoryPlan.tiles(ROWS));
    gpu.launch(Kernel.TILE_MASKS.symbol, 2, 256, Kernel.TILE_MASKS.params().set("neighbours", neighbours).set("volume", c.volume())
        .set("capacity", ROWS).set("rows", rows).set("masks", masks).bytes());
    long out = gpu.allocate((long) ROWS * coutPad * 4);
    Kernel k = half ? LaunchGeometry.halfConvolution(coutPad) : Kernel.CONV_F32;
    ParamLayout.Params p = k.params();
    for (int i = 0; i < parts.size(); i++) p.set("in", i, in[i]).set("inWidth", i, parts.get(i).paddedWidth());
    p.set("segments", parts.size()).set("cin", cinPad).set("neighbours", c.identity() ? 0 : neighbours).set("volume", c.volume())
        .set("capacity", ROWS).set("masks", c.identity() ? 0 : masks).set("weight", upload(gpu, wb, freeLater)).set("bias", upload(gpu, bb, freeLater))
        .set("add", c.add() ? upload(gpu, ab, freeLater) : 0).set("relu", c.relu() ? 1 : 0).set("out", out).set("cout", coutPad)
        .set("outFloat", 1).set("rows", rows);
    gpu.launch(k.symbol, 3, k.threads, p.bytes());
    ByteBuffer got = EngineProbe.read(gpu, out, (long) ROWS * coutPad * 4);
    double err = 0, scale = 1e-9;
    for (int i = 0; i < ROWS; i++) {
      for (int co = 0; co < c.out(); co++) {
        double w = want[i * c.out() + co];
        err = Math.max(err, Math.abs(got.getFloat(4 * (i * coutPad + co)) - w));
        scale = Math.max(scale, Math.abs(w));
      }
    }
    double tolerance = half ? 1e-3 : 1e-5;
    assertTrue(err / scale < tolerance, c + (half ? " float16 " : " float32 ") + k + ": relative error " + err / scale);
  }

  private static long upload(EmulatedGpu gpu, ByteBuffer bytes, List<Long> keep) {
    HostBuffer h = gpu.allocateHost(bytes.capacity());
    h.bytes().put(bytes.duplicate().clear());
    long d = gpu.allocate(bytes.capacity());
    gpu.upload(d, h, 0, bytes.capacity());
    keep.add(d);
    return d;
  }
}
