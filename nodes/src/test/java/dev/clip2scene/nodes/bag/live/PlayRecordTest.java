package dev.clip2scene.nodes.bag.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.TopicInfo;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.TestDomains;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bag play options and QoS, and bag record stopped by SIGTERM leaving a finalised bag. */
class PlayRecordTest {
  @TempDir Path dir;

  @Test
  void recordedQosIsUsedForPlaybackWithSensibleDefaults() {
    assertEquals(Qos.SENSOR_DATA, TopicQos.forPlayback("/points", "sensor_msgs/msg/PointCloud2", ""));
    assertEquals(Qos.TF_STATIC, TopicQos.forPlayback("/tf_static", "tf2_msgs/msg/TFMessage", ""));
    assertEquals(Qos.outputs(), TopicQos.forPlayback("/chatter", "std_msgs/msg/String", "not: [yaml"));
    // rosbag2 before v9: numbers; v9: names
    assertEquals(new Qos(Qos.Reliability.RELIABLE, Qos.Durability.TRANSIENT_LOCAL, 3), TopicQos.forPlayback("/x",
        "sensor_msgs/msg/Image", "- history: 1\n  depth: 3\n  reliability: 1\n  durability: 1\n"));
    assertEquals(new Qos(Qos.Reliability.BEST_EFFORT, Qos.Durability.VOLATILE, 7), TopicQos.forPlayback("/x",
        "std_msgs/msg/String", "- history: keep_last\n  depth: 7\n  reliability: best_effort\n  durability: volatile\n"));
    for (Qos q : List.of(Qos.SENSOR_DATA, Qos.TF, Qos.TF_STATIC, Qos.outputs(4))) {
      assertEquals(q, TopicQos.forPlayback("/any", "pkg/msg/T", TopicQos.offeredProfiles(q)));
    }
  }

  @Test
  void playHonoursTopicsStartOffsetAndLoop() throws Exception {
    Path bag = FieldTest.writeInputBag(dir.resolve("in"), 20);
    int domain = TestDomains.random();
    try (DdsParticipant player = new DdsParticipant("player", TransportOptions.loopback(domain));
        DdsParticipant listener = new DdsParticipant("listener", TransportOptions.loopback(domain))) {
      RawSubscriber points = listener.subscriber("/points", "sensor_msgs/msg/PointCloud2", Qos.SENSOR_DATA, 100);
      // the last second of clouds only (t >= 1.0 s: 10 of 20), at 4x speed, /tf_static left out
      BagPlayer.Result r = new BagPlayer(bag, new BagPlayer.Options(4.0, false, Set.of("/points"), 1.0, 2.0))
          .play(player, () -> false);
      assertEquals(10L, r.published().get("/points"));
      assertEquals(Set.of("/points"), r.published().keySet());
      assertEquals(Set.of(), r.unacknowledged(), "a best-effort writer has nothing to wait for");
      List<Long> stamps = new ArrayList<>();
      for (var s = points.poll(2, TimeUnit.SECONDS); s != null; s = points.poll(500, TimeUnit.MILLISECONDS)) {
        stamps.add(dev.clip2scene.msgs.pointcloud.PointCloud2View.decode(s.cdr()).header().stamp().toNanos());
      }
      assertEquals(10, stamps.size());
      assertEquals(FieldTest.T0 + 1_000_000_000L, stamps.get(0));
      // looping: stopped once 25 clouds went out, so the bag was played at least once completely
      long[] sent = {0};
      BagPlayer.Result looped = new BagPlayer(bag, new BagPlayer.Options(20.0, true, Set.of("/points"), 0, 0))
          .play(player, () -> sent[0] >= 25, (m, t) -> sent[0]++);
      assertEquals(1, looped.loops());
      assertEquals(25L, looped.published().get("/points"));
    }
  }

  /** A damaged bag plays what it holds before the damage, and the damage comes back: never a silent short play. */
  @Test
  void damageEndsPlaybackAndIsReported() throws Exception {
    Path bag = FieldTest.writeInputBag(dir.resolve("in"), 20);
    Path file;
    try (Stream<Path> s = Files.list(bag)) {
      file = s.filter(p -> p.toString().endsWith(".mcap")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    int domain = TestDomains.random();
    try (DdsParticipant player = new DdsParticipant("player", TransportOptions.loopback(domain))) {
      BagPlayer.Result r = new BagPlayer(bag, new BagPlayer.Options(50.0, false, Set.of(), 0, 0)).play(player,
          () -> false);
      assertTrue(r.published().get("/points") < 20, r.published().toString());
      assertTrue(!r.damage().isEmpty() && r.damage().get(0).getMessage().contains(file.toString()),
          r.damage().toString());
    }
  }

  @Test
  void reliableTopicsAreAcknowledgedBeforePlayEnds() throws Exception {
    Path bag = FieldTest.writeInputBag(dir.resolve("in"), 5, Qos.outputs(5));
    int domain = TestDomains.random();
    try (DdsParticipant player = new DdsParticipant("player", TransportOptions.loopback(domain));
        DdsParticipant listener = new DdsParticipant("listener", TransportOptions.loopback(domain))) {
      RawSubscriber points = listener.subscriber("/points", "sensor_msgs/msg/PointCloud2", Qos.outputs(5), 100);
      BagPlayer.Result r = new BagPlayer(bag, new BagPlayer.Options(10.0, false, Set.of(), 0, 2.0)).play(player, () -> false);
      assertEquals(Set.of(), r.unacknowledged());
      assertEquals(5L, r.published().get("/points"));
      for (int i = 0; i < 5; i++) assertTrue(points.poll(2, TimeUnit.SECONDS) != null, "cloud " + i);
    }
    assertThrows(IllegalArgumentException.class,
        () -> new BagPlayer.Options(1.0, false, Set.of(), 0, 0, java.util.Map.of(), Double.NaN));
  }

  @Test
  void recordStopsAtMaxMessages() throws Exception {
    Path bag = FieldTest.writeInputBag(dir.resolve("in"), 20);
    int domain = TestDomains.random();
    try (DdsParticipant player = new DdsParticipant("player", TransportOptions.loopback(domain));
        DdsParticipant rec = new DdsParticipant("recorder", TransportOptions.loopback(domain))) {
      BagRecorder recorder = new BagRecorder(List.of(RecordedTopic.parse("/points")), java.time.Duration.ofSeconds(60), 5);
      java.util.concurrent.atomic.AtomicReference<BagRecorder.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          result.set(recorder.record(rec, dir.resolve("five"), () -> false));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      t.start();
      new BagPlayer(bag, new BagPlayer.Options(2.0, false, Set.of("/points"), 0, 2.0)).play(player, () -> false);
      t.join(30_000);
      assertEquals(5L, result.get().total());
    }
    try (BagReader r = BagReader.open(dir.resolve("five"))) {
      assertEquals(5, r.info().messageCount());
      assertTrue(r.metadata().isPresent());
    }
  }

  @Test
  void recordStopsOnSigtermWithAFinalisedBag() throws Exception {
    Path bag = FieldTest.writeInputBag(dir.resolve("in"), 20);
    Path out = dir.resolve("rec");
    int domain = TestDomains.random();
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Clip2SceneCommand.class.getName(), "bag", "record", out.toString(),
        "--topics", "/points", "--loopback", "--domain-id", Integer.toString(domain), "--json");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) output.append(line).append('\n');
      } catch (java.io.IOException e) {
        output.append(e);
      }
    });
    reader.start();
    try (DdsParticipant player = new DdsParticipant("player", TransportOptions.loopback(domain))) {
      // best effort: a sample reaches the recorder only once both sides have matched, the player's writer (the player
      // waits for it) and the recorder's reader (it says so)
      boolean[] matched = {false};
      new BagPlayer(bag, new BagPlayer.Options(1.0, false, Set.of("/points"), 0, 0).waitingForSubscribers(60))
          .play(player, () -> false, (m, t) -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!matched[0] && !output.toString().contains("/points: recording") && p.isAlive() && System.nanoTime() < deadline) {
              java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            matched[0] = true;
          });
      // SIGTERM: the recorder takes what DDS has delivered, then finalises the bag (Process.destroy would also close
      // our end of the pipe)
      p.toHandle().destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "recorder did not stop on SIGTERM");
    } finally {
      if (p.isAlive()) p.destroyForcibly(); // on an exited process it would close the pipe under the reader
      reader.join(30_000);
    }
    assertEquals(0, p.exitValue(), output.toString()); // SIGTERM asks it to stop: it finalises the bag and exits 0
    Path mcap;
    try (Stream<Path> s = Files.list(out)) {
      mcap = s.filter(f -> f.toString().endsWith(".mcap")).findFirst().orElseThrow();
    }
    assertTrue(summaryStart(mcap) > 0, "MCAP footer has no summary section");
    try (BagReader r = BagReader.open(out)) {
      assertTrue(r.metadata().isPresent(), "metadata.yaml missing");
      TopicInfo t = r.info().topics().get(0);
      assertEquals("/points", t.name());
      assertTrue(t.messageCount() >= 15, output + "\nrecorded " + t.messageCount());
      assertEquals(MessageTypes.POINT_CLOUD2.schemaText(), t.definition().text());
      assertTrue(r.damage().isEmpty(), r.damage().toString());
    }
  }

  /** The Footer's summary_start: Footer = op, u64 length, u64 summary_start, u64 summary_offset_start, u32 crc; then magic. */
  private static long summaryStart(Path mcap) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(mcap.toFile(), "r")) {
      long footer = f.length() - 8 - 29;
      f.seek(footer);
      assertEquals(0x02, f.read());
      f.seek(footer + 9);
      byte[] b = new byte[8];
      f.readFully(b);
      return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }
  }
}
