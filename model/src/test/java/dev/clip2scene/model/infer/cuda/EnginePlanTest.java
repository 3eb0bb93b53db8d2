package dev.clip2scene.model.infer.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.infer.MapRef;
import dev.clip2scene.model.io.HalfFloats;
import dev.clip2scene.model.net.FusedNetwork;
import dev.clip2scene.model.net.NetworkConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine's host-side logic: parameter layout, recorded program, buffer slots, memory plan, grid sizes, float16. */
class EnginePlanTest {
  private static NetworkProgram program(NetworkConfig preset) {
    return NetworkProgram.record(FusedNetwork.of(preset.withInputFeatures(List.of("intensity")), new SeededWeights(1)));
  }

  @Test
  void everyKernelsParametersAreLaidOutAsTheDeviceReadsThem() {
    new EmulatedGpu(false); // loads the emulator: the kernels compiled for the host, with their struct sizes
    Map<String, Integer> sizes = new HashMap<>();
    for (String line : EmulatedGpu.kernelsNative().split("\n")) sizes.put(line.split("=")[0], Integer.parseInt(line.split("=")[1]));
    assertEquals(Kernel.values().length, sizes.size(), "every kernel of clip2scene.cu has a Kernel entry: " + sizes.keySet());
    for (Kernel k : Kernel.values()) {
      assertEquals(sizes.get(k.symbol), ParamLayout.kernels().struct(k.struct).bytes(), k + " parameter bytes");
    }
    ParamLayout.Struct conv = ParamLayout.kernels().struct("C2sConvParams");
    assertEquals(0, conv.fields().get("in")[0]);
    assertEquals(4, conv.fields().get("in")[1]);
    assertEquals(4, conv.fields().get("inWidth")[0], "arrays take one 8-byte slot per element");
    IllegalStateException unset = assertThrows(IllegalStateException.class, () -> Kernel.LABELS.params().set("logits", 1).bytes());
    assertTrue(unset.getMessage().startsWith("C2sLabelsParams.") && unset.getMessage().endsWith(" not set"), unset.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Kernel.LABELS.params().set("nonsense", 1));
    assertEquals(16, NetworkProgram.PAD);
  }

  @Test
  void programsEndInTheHeadAndUseTheMapsTheirTopologyNames() {
    NetworkProgram mink = program(NetworkConfig.minkUNet14A());
    assertTrue(mink.headOnVoxels);
    assertEquals(4, mink.levels);
    assertTrue(mink.maps.contains(MapRef.submanifold(0, 5)));
    for (int l = 0; l < 4; l++) {
      assertTrue(mink.maps.containsAll(Set.of(MapRef.down(l), MapRef.up(l), MapRef.submanifold(l + 1, 3))));
    }
    assertTrue(mink.pointLevels.isEmpty(), "MinkUNet's points take their voxel's row in the output kernel");
    NetworkProgram spv = program(NetworkConfig.spvcnn());
    assertFalse(spv.headOnVoxels);
    assertEquals(Set.of(0, 2, 4), spv.pointLevels);
    assertEquals(Set.of(0, 2, 4), spv.trilinearLevels);
    assertEquals(3, spv.head.input().storage().size(), "the head reads z1 | z2 | z3 side by side, unjoined");
    assertEquals(480, spv.head.input().width());
  }

  @Test
  void tensorsAliveTogetherNeverShareASlot() {
    for (NetworkConfig preset : List.of(NetworkConfig.minkUNet14A(), NetworkConfig.spvcnn(), NetworkConfig.minkUNet34())) {
      NetworkProgram p = program(preset);
      ActivationSlots slots = new ActivationSlots(p);
      List<NetworkProgram.Op> ops = new ArrayList<>(p.body);
      ops.add(p.head);
      // live range of each stored tensor: from the op writing it (-1: the input) to its last reader
      Map<NetworkProgram.Tensor, int[]> range = new HashMap<>();
      range.put(p.input, new int[] {-1, -1});
      for (int i = 0; i < ops.size(); i++) {
        if (ops.get(i) != p.head) range.put(ops.get(i).out(), new int[] {i, i});
        for (NetworkProgram.Tensor t : ops.get(i).reads()) range.get(t)[1] = i;
      }
      List<NetworkProgram.Tensor> tensors = new ArrayList<>(range.keySet());
      for (NetworkProgram.Tensor a : tensors) {
        assertTrue(slots.width(slots.slot(a)) >= a.paddedWidth());
        for (NetworkProgram.Tensor b : tensors) {
          if (a == b) continue;
          int[] ra = range.get(a), rb = range.get(b);
          boolean overlap = ra[0] <= rb[1] && rb[0] <= ra[1];
          if (overlap) assertNotEquals(slots.slot(a), slots.slot(b), preset.architecture() + ": tensors " + a.id() + " and " + b.id());
        }
      }
      assertTrue(slots.count() < tensors.size() / 2, preset.architecture() + ": " + slots.count() + " slots for " + tensors.size() + " tensors");
    }
  }

  @Test
  void memoryIsPlannedPerCapacityAndGrowsInSteps() {
    assertEquals(8192, MemoryPlan.capacityFor(10));
    assertEquals(45056, MemoryPlan.capacityFor(35_000)); // + a quarter, in steps of 4096
    assertTrue(MemoryPlan.capacityFor(130_000) >= 162_500);
    NetworkProgram p = program(NetworkConfig.minkUNet14A());
    ActivationSlots slots = new ActivationSlots(p);
    MemoryPlan small = new MemoryPlan(p, slots, 8192, 4, true, 32);
    MemoryPlan big = new MemoryPlan(p, slots, 16384, 4, true, 32);
    assertTrue(small.buffers().containsKey(MemoryPlan.table(MapRef.submanifold(0, 5))));
    assertEquals(4L * 125 * 8192, small.buffers().get(MemoryPlan.table(MapRef.submanifold(0, 5))));
    assertEquals(MemoryPlan.STATE_BYTES + 4L * 4 * 8192, small.buffers().get("cloud"));
    long fixed = 8L * 256 * MemoryPlan.SORT_BLOCKS + 8L * MemoryPlan.SCAN_BLOCKS + 8 + small.buffers().get("textWeight") + small.buffers().get("textBias");
    // all else scales with the capacity, but for the state and the end entries of the start arrays
    assertEquals(2 * (small.totalBytes() - fixed), big.totalBytes() - fixed, 1024, "everything else scales with the capacity");
    assertTrue(new MemoryPlan(p, slots, 8192, 4, false, 32).totalBytes() > small.totalBytes(), "float32 needs more than float16");
  }

  @Test
  void gridsCoverTheCapacityUpToAFewWaves() {
    LaunchGeometry g = new LaunchGeometry(132);
    assertEquals(1, g.elementwise(10, 256));
    assertEquals(40, g.elementwise(10_000, 256));
    assertEquals(132 * LaunchGeometry.WAVES, g.elementwise(10_000_000, 256));
    assertEquals(MemoryPlan.tiles(1000) * 2, g.convolution(1000, 96, 64, 128));
    assertEquals(Kernel.CONV_F16_N64, LaunchGeometry.halfConvolution(128));
    assertEquals(Kernel.CONV_F16_N32, LaunchGeometry.halfConvolution(96));
    assertEquals(Kernel.CONV_F16_N16, LaunchGeometry.halfConvolution(48));
  }

  @Test
  void float16RoundsToNearestEvenLikeTheDevice() {
    for (int h = 0; h < 0x10000; h++) {
      float f = HalfFloats.fromHalf((short) h);
      if (Float.isNaN(f)) continue;
      assertEquals((short) h, HalfFloats.toHalf(f), "half " + Integer.toHexString(h) + " = " + f);
      int next = h + 1;
      if ((h & 0x7fff) >= 0x7bff || (h & 0x7fff) == 0x7fff) continue;
      float up = HalfFloats.fromHalf((short) next);
      float mid = (float) ((f + (double) up) / 2);
      if (mid == f || mid == up) continue; // not representable exactly in float: no tie
      short even = (h & 1) == 0 ? (short) h : (short) next;
      assertEquals(even, HalfFloats.toHalf(mid), "tie between " + f + " and " + up);
    }
    assertEquals((short) 0x7c00, HalfFloats.toHalf(65520f), "65520 rounds to infinity");
    assertEquals((short) 0x7bff, HalfFloats.toHalf(65519f));
    assertEquals((short) 0x0001, HalfFloats.toHalf(0x1p-24f));
    assertEquals((short) 0x0000, HalfFloats.toHalf(0x1p-25f), "half of the smallest subnormal ties to zero");
  }
}
