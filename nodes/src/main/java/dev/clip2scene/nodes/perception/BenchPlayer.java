package dev.clip2scene.nodes.perception;

import dev.clip2scene.nodes.bag.live.BagPlayer;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bag player of {@link PerceptionBench}, run in a child JVM as `ros2 bag play` runs beside a node: it plays
 * a bag over loopback and writes, per message, its log time and the epoch time just before publish() to a file,
 * from which the bench takes the network time.
 */
final class BenchPlayer {
  private BenchPlayer() {}

  /** Arguments: BAG DOMAIN_ID DELAY_S TIMES_FILE. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Map<Long, Long> published = new TreeMap<>();
    try (DdsParticipant dds = new DdsParticipant("bench_player", TransportOptions.loopback(Integer.parseInt(args[1])))) {
      new BagPlayer(Path.of(args[0]), new BagPlayer.Options(1.0, false, Set.of(), 0, Double.parseDouble(args[2])))
          .play(dds, () -> false, (m, wallNs) -> published.put(m.logTimeNs(), wallNs));
    }
    List<String> lines = new ArrayList<>();
    published.forEach((log, wall) -> lines.add(log + " " + wall));
    Files.write(Path.of(args[3]), lines);
  }

  /** The file a player wrote: log time -> publish time. */
  static Map<Long, Long> read(Path times) throws IOException {
    Map<Long, Long> out = new TreeMap<>();
    for (String line : Files.readAllLines(times)) {
      String[] f = line.split(" ");
      out.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
    }
    return out;
  }
}
