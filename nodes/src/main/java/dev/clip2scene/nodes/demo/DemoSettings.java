package dev.clip2scene.nodes.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the demo does: the world seed, sweeps simulated for training and for the live run on an unseen street,
 * training length and sweeps per sample, the world and student sizes, and the live run's DDS domain and fastest
 * playback rate. The trained model is cached under a key of everything that changes it.
 */
public record DemoSettings(long seed, int trainFrames, int playFrames, int epochs, int batch, int sweeps, SimStudy.World world,
    int domainId, double maxRate) {
  /** The DDS domain of the demo's live run (loopback only). */
  public static final int DEMO_DOMAIN = 77;

  public DemoSettings {
    if (trainFrames < 1 || playFrames < 1 || epochs < 1 || batch < 1 || sweeps < 1) {
      throw new IllegalArgumentException("frames, epochs, batch and sweeps must be >= 1");
    }
    if (!(maxRate > 0)) throw new IllegalArgumentException("the playback rate must be > 0, got " + maxRate);
  }

  /**
   * The demo as `clip2scene demo` runs it: the teacher sees all six cameras, 8 epochs over 60 sweeps of 3 sweeps each
   * (the settings of models/demo; training them takes several minutes on 2 cores), 20 sweeps of the unseen street
   * played at most at the sensor's rate.
   */
  public static DemoSettings standard(long seed) {
    return new DemoSettings(seed, 60, 20, 8, 2, 3, SimStudy.World.standard(0.5).withCameras(6), DEMO_DOMAIN, 1.0);
  }

  /** A much smaller run of every stage, for tests. */
  public static DemoSettings reduced(long seed, int domainId) {
    return new DemoSettings(seed, 4, 3, 1, 2, 1,
        new SimStudy.World(1, 320, 2176, new int[] {8, 8, 8, 8, 16, 16, 8, 8, 8}, 16, 0.5), domainId, 1.0);
  }

  public DemoSettings withDomain(int id) {
    return new DemoSettings(seed, trainFrames, playFrames, epochs, batch, sweeps, world, id, maxRate);
  }

  /** The cache key of the trained model: a digest of every setting that shapes it. */
  public String modelKey() {
    return digest("seed=" + seed + ",train=" + trainFrames + ",epochs=" + epochs + ",batch=" + batch + ",sweeps=" + sweeps + ","
        + world.describe());
  }

  /** The key of the unseen street: the world seed after the training one, and what the sensors record. */
  public String streetKey() {
    return digest("street=" + (seed + 1) + ",frames=" + playFrames + "," + world.describe());
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
