package dev.clip2scene.nodes.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the demo does: the world seed, frames simulated for training and for the live run, training length, the
 * world and student sizes, and the live run's DDS domain and playback rate. The trained model is cached under a key
 * of everything that changes it.
 */
public record DemoSettings(long seed, int trainFrames, int playFrames, int epochs, int batch, SimStudy.World world,
    int domainId, double playRate) {
  /** The DDS domain of the demo's live run (loopback only). */
  public static final int DEMO_DOMAIN = 77;

  public DemoSettings {
    if (trainFrames < 1 || playFrames < 1 || epochs < 1 || batch < 1) throw new IllegalArgumentException("frames, epochs and batch must be >= 1");
  }

  /** The demo as `clip2scene demo` runs it: about a minute or two of training on 2 cores. */
  public static DemoSettings standard(long seed) {
    return new DemoSettings(seed, 40, 20, 4, 2,
        SimStudy.World.standard(0.5), DEMO_DOMAIN, 0.2);
  }

  /** A much smaller run of every stage, for tests. */
  public static DemoSettings reduced(long seed, int domainId) {
    return new DemoSettings(seed, 4, 3, 1, 2,
        new SimStudy.World(1, 320, 2176, new int[] {8, 8, 8, 8, 16, 16, 8, 8, 8}, 16, 0.5), domainId, 1.0);
  }

  /** The cache key of the trained model: a digest of every setting that shapes it. */
  public String modelKey() {
    return digest("seed=" + seed + ",train=" + trainFrames + ",epochs=" + epochs + ",batch=" + batch + "," + world.describe());
  }

  /** The first 12 hex digits of TEXT's SHA-256. */
  static String digest(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
