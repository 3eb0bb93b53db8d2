package dev.clip2scene.msgs.pointcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.testkit.Allocations;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PointCloud2 geometry bombs: width, height, point_step, row_step, data length and the fields' offsets, counts and
 * datatypes drawn from boundary values (0, 1, 2^30 - 1, 2^31 - 1, 2^32 - 1, ...) and mixed with consistent ones.
 * Every reader path (decode, view, xyz, xyzi, every field) must either work or throw PointCloudFormatException, and
 * must allocate no more than a small multiple of the payload: that is what a cloud read by the node or by
 * pretraining needs (both read points only through the view).
 */
class PointCloudGeometryFuzzTest {
  private static final long SEED = 14_2026L;
  private static final int INPUTS = 30_000;
  /** x, y, z, intensity as floats for a one-byte point is 16 bytes a data byte; plus fixed overhead. */
  private static final long BYTES_PER_DATA_BYTE = 48;
  private static final long FIXED_BYTES = 256 << 10;
  private static final Header HEADER = new Header(new Time(1, 2), "lidar");
  private static final long[] SIZES = {0, 1, 2, 3, 4, 7, 12, 16, 17, 255, 65_536, (1L << 29) - 1, 1L << 29,
      (1L << 30) - 1, 0x5555_5556L, (1L << 31) - 1, 1L << 31, (1L << 32) - 1, 0xAAAA_AAABL};

  /** The cloud the issue found: no fields, point_step 0, empty data, a huge width. */
  @ParameterizedTest
  @ValueSource(longs = {(1L << 32) - 1, (1L << 31) - 1, (1L << 30) - 1, 0x5555_5556L, 178_956_971L, 1_000_000L})
  void zeroPointStepBombIsRefusedBeforeAnyAllocation(long width) {
    byte[] payload = MessageTypes.POINT_CLOUD2.encode(new PointCloud2(HEADER, 1, (int) width, List.of(), false, 0, 0,
        new byte[0], true), ByteOrder.LITTLE_ENDIAN);
    assertThrows(PointCloudFormatException.class, () -> PointCloud2View.decode(payload)); // loads the classes
    long before = Allocations.allocatedBytes();
    PointCloudFormatException e = assertThrows(PointCloudFormatException.class,
        () -> PointCloud2View.decode(payload).xyzi());
    assertTrue(Allocations.allocatedBytes() - before < FIXED_BYTES, "allocated "
        + (Allocations.allocatedBytes() - before));
    assertEquals("point_step", e.fieldPath());
    assertTrue(e.getMessage().contains("point_step 0 for " + width + " x 1 points"), e.getMessage());
  }

  @Test
  void cloudWithoutXyzFailsNamingTheFieldsBeforeAllocatingPoints() {
    int points = 1 << 20;
    PointCloud2View view = PointCloud2View.of(new PointCloud2(HEADER, 1, points, List.of(new PointField("a", 0,
        PointField.UINT8, 1)), false, 1, points, new byte[points], true));
    assertThrows(PointCloudFormatException.class, view::xyz); // loads the classes
    long before = Allocations.allocatedBytes();
    PointCloudFormatException e = assertThrows(PointCloudFormatException.class, view::xyzi);
    assertTrue(Allocations.allocatedBytes() - before < FIXED_BYTES);
    assertTrue(e.getMessage().contains("no field 'x' (fields: a)"), e.getMessage());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void geometryBombsAreRefusedOrReadWithinBoundedMemory() {
    Random rnd = new Random(SEED);
    int read = 0;
    int refused = 0;
    for (int i = 0; i < INPUTS; i++) {
      PointCloud2 cloud = bomb(rnd);
      byte[] payload = MessageTypes.POINT_CLOUD2.encode(cloud, rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN
          : ByteOrder.BIG_ENDIAN);
      long before = Allocations.allocatedBytes();
      try {
        PointCloud2View view = PointCloud2View.decode(payload);
        for (PointFieldReader f : view.fields()) {
          f.toFloatArray();
          if (view.size() > 0) f.getDouble(view.size() - 1, f.count() - 1);
        }
        view.xyz();
        view.xyzi();
        read++;
      } catch (PointCloudFormatException e) {
        refused++;
      } catch (Throwable t) {
        fail("input " + i + " (" + cloud + ", fields " + cloud.fields() + ") threw " + t, t);
      }
      long allocated = Allocations.allocatedBytes() - before;
      if (allocated > FIXED_BYTES + BYTES_PER_DATA_BYTE * payload.length) {
        fail("input " + i + " (" + cloud + ") allocated " + allocated + " bytes for a " + payload.length
            + "-byte payload");
      }
    }
    assertTrue(read > INPUTS / 10 && refused > INPUTS / 4, read + " read, " + refused + " refused");
  }

  /** A cloud with some geometry fields at boundary values and the others consistent with each other. */
  private static PointCloud2 bomb(Random rnd) {
    List<PointField> fields = new ArrayList<>();
    String[] names = {"x", "y", "z", "intensity", "ring", "t"};
    int nFields = rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(names.length) : 3 + rnd.nextInt(4);
    int offset = 0;
    for (int f = 0; f < nFields; f++) {
      int type = 1 + rnd.nextInt(8);
      int size = PointDatatype.of(type).orElseThrow().size();
      int count = 1;
      int at = offset;
      if (rnd.nextInt(16) == 0) at = (int) pick(rnd);
      if (rnd.nextInt(16) == 0) count = (int) pick(rnd);
      if (rnd.nextInt(32) == 0) type = rnd.nextInt(256);
      fields.add(new PointField(names[f], at, type, count));
      offset += size;
    }
    long pointStep = rnd.nextInt(8) == 0 ? pick(rnd) : offset + rnd.nextInt(3);
    long width = rnd.nextInt(6) == 0 ? pick(rnd) : rnd.nextInt(40);
    long height = rnd.nextInt(8) == 0 ? pick(rnd) : 1 + rnd.nextInt(3);
    long rowStep = rnd.nextInt(8) == 0 ? pick(rnd) : width * pointStep + (rnd.nextInt(4) == 0 ? rnd.nextInt(5) : 0);
    long consistent = rowStep * height;
    int dataLength = rnd.nextInt(8) == 0 || consistent < 0 || consistent > (1 << 16) ? rnd.nextInt(64) : (int) consistent;
    byte[] data = new byte[dataLength];
    rnd.nextBytes(data);
    return new PointCloud2(HEADER, (int) height, (int) width, fields, rnd.nextInt(4) == 0, (int) pointStep,
        (int) rowStep, data, true);
  }

  private static long pick(Random rnd) {
    return SIZES[rnd.nextInt(SIZES.length)];
  }
}
