package dev.clip2scene.rcljava;

import java.io.IOException;
import java.util.Optional;

/**
 * rcl's serialized-message calls, which rcljava does not expose (libclip2scene_rcljava_jni, built by the package's
 * CMakeLists where ros2_java is found): a sample crosses as its CDR bytes, one copy each way, instead of as a generated
 * object that JNI converts element by element (BENCHMARKS.md: rcljava transport). The handles are rcl pointers that
 * rcljava hands out (node, publisher, context, QoS profile) or that {@link #createSubscription} returns.
 */
final class SerializedRcl {
  static final String LIBRARY = "clip2scene_rcljava_jni";
  /** -Dclip2scene.rcljava.serialized=false: generated objects even where the library loads (to compare, to test both). */
  static final String SWITCH = "clip2scene.rcljava.serialized";
  private static Optional<String> unavailable;

  private SerializedRcl() {}

  /** Why the serialized calls cannot be used here, or empty once the library is loaded. */
  static synchronized Optional<String> unavailable() {
    if (unavailable == null && "false".equals(System.getProperty(SWITCH))) {
      unavailable = Optional.of("switched off (-D" + SWITCH + "=false)");
    }
    if (unavailable == null) {
      try {
        System.loadLibrary(LIBRARY);
        unavailable = Optional.empty();
      } catch (UnsatisfiedLinkError e) {
        unavailable = Optional.of("lib" + LIBRARY + ".so does not load (" + e.getMessage() + "); build the package with colcon in"
            + " the ros2_java workspace to get it");
      }
    }
    return unavailable;
  }

  static native void nativePublish(long publisher, byte[] cdr, int length) throws IOException;

  static native long nativeSubscriptionCount(long publisher) throws IOException;

  static native long nativeCreateSubscription(long node, long context, long typeSupport, String topic, long qos) throws IOException;

  /** The next sample's CDR, waiting up to TIMEOUT_NS; null when none came. */
  static native byte[] nativeTake(long subscription, long timeoutNs) throws IOException;

  static native long nativePublisherCount(long subscription) throws IOException;

  static native void nativeDestroySubscription(long subscription) throws IOException;
}
