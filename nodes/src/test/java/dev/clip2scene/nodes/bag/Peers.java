package dev.clip2scene.nodes.bag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the independent peers (Node's @mcap/core, Python's sqlite3) that interop tests compare against. */
final class Peers {
  static final ObjectMapper JSON = new ObjectMapper();

  private Peers() {}

  static Path script(String relative) {
    return Fixtures.root().resolve("nodes/src/test").resolve(relative);
  }

  /** Runs `node nodes/src/test/node/SCRIPT ARGS` with PEERS set; returns stdout. */
  static String node(String script, String... args) throws IOException, InterruptedException {
    Path modules = Fixtures.npmPeers();
    List<String> cmd = new ArrayList<>(List.of(Fixtures.executable("node").toString(),
        script("node/" + script).toString()));
    cmd.addAll(List.of(args));
    return run(cmd, modules);
  }

  /** Runs `python3 nodes/src/test/python/SCRIPT ARGS`; returns stdout. */
  static String python(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Fixtures.executable("python3").toString(),
        script("python/" + script).toString()));
    cmd.addAll(List.of(args));
    return run(cmd, null);
  }

  private static String run(List<String> cmd, Path peers) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (peers != null) pb.environment().put("PEERS", peers.toString());
    Path err = Files.createTempFile("peer", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroyForcibly();
    String stderr = Files.readString(err);
    Files.deleteIfExists(err);
    assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + stderr);
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Messages as the peer scripts print them: [{topic, type, logTime, publishTime, data (base64)}]. */
  static List<BagMessage> messages(JsonNode array) {
    List<BagMessage> list = new ArrayList<>();
    for (JsonNode m : array) {
      list.add(new BagMessage(m.path("topic").asText(), m.path("type").asText(), Long.parseLong(m.path("logTime")
          .asText()), Long.parseLong(m.path("publishTime").asText()), Base64.getDecoder().decode(m.path("data")
          .asText())));
    }
    return list;
  }
}
