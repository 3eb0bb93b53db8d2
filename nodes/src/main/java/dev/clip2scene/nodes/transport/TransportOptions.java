package dev.clip2scene.nodes.transport;

import dev.clip2scene.msgs.MessageTypes;
import java.util.Map;
import java.util.Set;

/**
 * How a participant joins the DDS domain.
 *
 * @param domainId ROS_DOMAIN_ID (0..232)
 * @param loopbackOnly only the 127.0.0.1 interface (tests, benchmarks): nothing leaves the machine
 * @param sharedMemory add Fast-DDS's shared-memory transport (same-host peers that support it)
 * @param maxSampleBytes the largest raw CDR sample (header included) a reader accepts or a writer sends; types whose
 *     samples are small by nature get at most {@link #SMALL_SAMPLE_BYTES} ({@link #maxSampleBytes(String)})
 * @param socketBufferBytes UDP send and receive buffer sizes; large clouds are lost with the OS defaults
 */
public record TransportOptions(int domainId, boolean loopbackOnly, boolean sharedMemory, int maxSampleBytes,
    int socketBufferBytes) {
  /** 16 MiB: a 130,000-point cloud with 7 fields is ~3.6 MB; images up to 1920x1200x4 fit too. */
  public static final int DEFAULT_MAX_SAMPLE_BYTES = 16 << 20;
  public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 << 20;
  /**
   * 1 MiB for the types in {@link #SMALL_TYPES}. Each reader and writer holds a payload buffer of its maximum sample
   * size in direct memory, so 16 MiB for a CameraInfo or a log line would cost a node hundreds of MiB for nothing.
   */
  public static final int SMALL_SAMPLE_BYTES = 1 << 20;
  static final Set<String> SMALL_TYPES = Set.of(MessageTypes.CAMERA_INFO.name(), MessageTypes.TF_MESSAGE.name(),
      MessageTypes.DIAGNOSTIC_ARRAY.name(), MessageTypes.CLOCK.name(), MessageTypes.LOG.name(),
      MessageTypes.PARAMETER_EVENT.name(), MessageTypes.LABEL_MAP.name());
  /** The largest domain id whose ports fit in 16 bits with the standard port mapping. */
  public static final int MAX_DOMAIN_ID = 232;

  public TransportOptions {
    if (domainId < 0 || domainId > MAX_DOMAIN_ID) {
      throw new IllegalArgumentException("ROS_DOMAIN_ID must be 0.." + MAX_DOMAIN_ID + ", got " + domainId);
    }
    if (maxSampleBytes < 8) throw new IllegalArgumentException("maximum sample size must be >= 8 bytes, got " + maxSampleBytes);
    if (socketBufferBytes < 65536) throw new IllegalArgumentException("socket buffers must be >= 64 KiB, got " + socketBufferBytes);
  }

  /** The largest sample of ROS_TYPE ("pkg/msg/Type") an endpoint of these options takes. */
  public int maxSampleBytes(String rosType) {
    return SMALL_TYPES.contains(rosType) ? Math.min(SMALL_SAMPLE_BYTES, maxSampleBytes) : maxSampleBytes;
  }

  /** ROS_DOMAIN_ID (default 0) and ROS_DISABLE_SHARED_MEMORY_TRANSPORT from the process environment. */
  public static TransportOptions fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static TransportOptions fromEnvironment(Map<String, String> env) {
    String id = env.getOrDefault("ROS_DOMAIN_ID", "").trim();
    int domain;
    try {
      domain = id.isEmpty() ? 0 : Integer.parseInt(id);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ROS_DOMAIN_ID='" + id + "' is not an integer");
    }
    // shared memory is on unless the variable says exactly "true" (as rmw does)
    boolean shm = !"true".equalsIgnoreCase(env.getOrDefault("ROS_DISABLE_SHARED_MEMORY_TRANSPORT", "").trim());
    return new TransportOptions(domain, false, shm, DEFAULT_MAX_SAMPLE_BYTES, DEFAULT_SOCKET_BUFFER_BYTES);
  }

  /** Loopback only, no shared memory, on DOMAIN: what tests and benchmarks use. */
  public static TransportOptions loopback(int domainId) {
    return new TransportOptions(domainId, true, false, DEFAULT_MAX_SAMPLE_BYTES, DEFAULT_SOCKET_BUFFER_BYTES);
  }

  public TransportOptions withDomainId(int id) {
    return new TransportOptions(id, loopbackOnly, sharedMemory, maxSampleBytes, socketBufferBytes);
  }

  public TransportOptions withLoopbackOnly(boolean on) {
    return new TransportOptions(domainId, on, sharedMemory, maxSampleBytes, socketBufferBytes);
  }

  public TransportOptions withSharedMemory(boolean on) {
    return new TransportOptions(domainId, loopbackOnly, on, maxSampleBytes, socketBufferBytes);
  }

  public TransportOptions withMaxSampleBytes(int bytes) {
    return new TransportOptions(domainId, loopbackOnly, sharedMemory, bytes, socketBufferBytes);
  }
}
