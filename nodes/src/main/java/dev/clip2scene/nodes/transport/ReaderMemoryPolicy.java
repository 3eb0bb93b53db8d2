package dev.clip2scene.nodes.transport;

import com.eprosima.xmlschemas.fastrtps_profiles.HistoryMemoryPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.SubscriberProfileType;
import java.lang.reflect.Field;
import us.ihmc.pubsub.attributes.SubscriberAttributes;

/**
 * Fixes a reader's history payloads at the type's declared maximum size (Fast-DDS PREALLOCATED). With the
 * default (grow on demand) Fast-DDS accepts a larger sample and the library then copies it into the
 * max-size receive buffer past its end: a SIGSEGV. With fixed payloads Fast-DDS refuses the sample itself.
 * ihmc-pub-sub has no setter for this, so the profile field is reached by reflection.
 */
final class ReaderMemoryPolicy {
  private ReaderMemoryPolicy() {}

  static void preallocated(SubscriberAttributes attrs) {
    try {
      Field f = SubscriberAttributes.class.getDeclaredField("subscriberProfile");
      f.setAccessible(true);
      ((SubscriberProfileType) f.get(attrs)).setHistoryMemoryPolicy(HistoryMemoryPolicyType.PREALLOCATED);
    } catch (ReflectiveOperationException e) {
      // refusing to run is better than a reader that can crash the JVM
      throw new IllegalStateException("cannot fix the DDS reader's memory policy (ihmc-pub-sub changed?)", e);
    }
  }
}
