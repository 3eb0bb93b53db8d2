package dev.clip2scene.nodes.transport;

import java.lang.reflect.Field;
import us.ihmc.pubsub.publisher.Publisher;
import us.ihmc.rtps.impl.fastRTPS.NativePublisherImpl;
import us.ihmc.rtps.impl.fastRTPS.Time_t;

/**
 * Fast-DDS's wait_for_all_acked on a writer. A reliable sample that a matched reader has not yet acknowledged is
 * repaired only while its writer lives, so a writer deleted right after its last write can lose that sample for
 * good. ihmc-pub-sub does not expose the call, so its native writer is reached by reflection.
 */
final class WriterAcks {
  private static final Field NATIVE_WRITER = nativeWriterField();

  private WriterAcks() {}

  /** Blocks up to MILLIS for every matched reliable reader to acknowledge every sample; false on timeout. */
  static boolean await(Publisher publisher, long millis) {
    NativePublisherImpl writer;
    try {
      writer = (NativePublisherImpl) NATIVE_WRITER.get(publisher);
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot reach the native DDS writer of " + publisher.getClass().getName(), e);
    }
    if (writer == null) throw new IllegalStateException("the DDS writer was already removed");
    Time_t timeout = new Time_t((int) (millis / 1000), (millis % 1000) * 1_000_000L);
    try {
      return writer.wait_for_all_acked(timeout);
    } finally {
      timeout.delete();
    }
  }

  private static Field nativeWriterField() {
    try {
      Field f = Class.forName("us.ihmc.pubsub.impl.fastRTPS.FastRTPSPublisher").getDeclaredField("impl");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot reach Fast-DDS writers (ihmc-pub-sub changed?)", e);
    }
  }
}
