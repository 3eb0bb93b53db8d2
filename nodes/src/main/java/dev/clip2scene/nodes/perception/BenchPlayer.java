package dev.clip2scene.nodes.perception;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.nodes.bag.live.BagPlayer;
import dev.clip2scene.nodes.transport.DdsParticipant;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawSubscriber;
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
 * from which the bench takes the network time. It also subscribes the node's output, as a viewer or recorder
 * would, so that the node's publish() really sends each semantic cloud; the file's first line is how many came.
 */
final class BenchPlayer {
  private BenchPlayer() {}

  /** What a player wrote: semantic clouds received, and per played message log time -> publish time. */
  record Played(long outputsReceived, Map<Long, Long> published) {}

  /** Arguments: BAG DOMAIN_ID DELAY_S OUTPUT_TOPIC TIMES_FILE. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Map<Long, Long> published = new TreeMap<>();
    long outputs;
    try (DdsParticipant dds = new DdsParticipant("bench_player", TransportOptions.loopback(Integer.parseInt(args[1])))) {
      RawSubscriber semantic = dds.subscriber(args[3], MessageTypes.POINT_CLOUD2.name(), Qos.outputs(), 1);
      new BagPlayer(Path.of(args[0]), new BagPlayer.Options(1.0, false, Set.of(), 0, Double.parseDouble(args[2])))
          .play(dds, () -> false, (m, wallNs) -> published.put(m.logTimeNs(), wallNs));
      outputs = semantic.received();
    }
    List<String> lines = new ArrayList<>(List.of(Long.toString(outputs)));
    published.forEach((log, wall) -> lines.add(log + " " + wall));
    Files.write(Path.of(args[4]), lines);
  }

  static Played read(Path times) throws IOException {
    List<String> lines = Files.readAllLines(times);
    Map<Long, Long> published = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(" ");
      published.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
    }
    return new Played(Long.parseLong(lines.get(0)), published);
  }
}
