package dev.clip2scene.msgs.cdr;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RandomMessages;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.testkit.Allocations;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutation of valid payloads of every type: decoding must either succeed or throw CdrException; any other
 * exception, an OutOfMemoryError or a hang fails the test (which also bounds the whole run). Whatever a count or
 * length field says, decoding may allocate only a small multiple of the payload's size.
 */
class CdrFuzzTest {
  private static final long SEED = 20260101L;
  private static final int INPUTS = 120_000;
  /** Objects decoded from a payload: records, strings, lists, boxed fields; far below any length bomb. */
  private static final long BYTES_PER_INPUT_BYTE = 96;
  private static final long FIXED_BYTES = 256 << 10;
  /** The first inputs also load classes, which allocates; they are not measured. */
  private static final int WARM_UP = 2_000;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutatedPayloadsOnlyEverThrowCdrException() {
    Random rnd = new Random(SEED);
    RandomMessages values = new RandomMessages(SEED);
    List<RosMessageType<?>> types = MessageTypes.all();
    int decoded = 0;
    int rejected = 0;
    for (int i = 0; i < INPUTS; i++) {
      RosMessageType<?> type = types.get(i % types.size());
      byte[] input = Mutations.mutate(valid(type, values, rnd), rnd);
      long before = Allocations.allocatedBytes();
      try {
        type.decode(input);
        if (type == MessageTypes.POINT_CLOUD2) {
          PointCloud2View view = PointCloud2View.decode(input);
          view.xyz();
          view.xyzi();
        }
        decoded++;
      } catch (CdrException e) {
        rejected++;
      } catch (Throwable t) {
        fail("input " + i + " of " + type + " threw " + t + ": " + HexFormat.of().formatHex(input), t);
      }
      long allocated = Allocations.allocatedBytes() - before;
      if (i >= WARM_UP && allocated > FIXED_BYTES + BYTES_PER_INPUT_BYTE * input.length) {
        fail("input " + i + " of " + type + " (" + input.length + " bytes) allocated " + allocated + " bytes: "
            + HexFormat.of().formatHex(input));
      }
    }
    assertTrue(decoded > INPUTS / 20 && rejected > INPUTS / 4, "mutations exercise both outcomes: " + decoded
        + " decoded, " + rejected + " rejected");
  }

  private static <T> byte[] valid(RosMessageType<T> type, RandomMessages values, Random rnd) {
    return type.encode(values.next(type), rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
  }
}
