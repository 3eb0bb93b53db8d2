package dev.clip2scene.rcljava;

import java.util.Optional;
import org.ros2.rcljava.RCLJava;

/** rcl in this process: initialised once (rcljava has one default context per process), never shut down before exit. */
final class Rcl {
  private static Optional<String> unavailable;

  private Rcl() {}

  /** Why rcljava cannot run here, or empty once rcl is initialised. */
  static synchronized Optional<String> unavailable() {
    if (unavailable == null) unavailable = init();
    return unavailable;
  }

  private static Optional<String> init() {
    try {
      RCLJava.rclJavaInit();
      return Optional.empty();
    } catch (NoClassDefFoundError e) {
      return Optional.of("rcljava's classes are not on the class path (" + e.getMessage() + "): source the ROS 2 workspace that"
          + " has ros2_java before starting");
    } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return Optional.of("rcljava's native libraries do not load (" + cause.getMessage() + "): source the ROS 2 workspace that"
          + " has ros2_java (it sets LD_LIBRARY_PATH)");
    } catch (RuntimeException e) {
      return Optional.of("rcl does not initialise: " + e.getMessage());
    }
  }
}
