package dev.clip2scene.nodes.bag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.testkit.Fixtures;
import dev.clip2scene.testkit.NodeScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the independent peers (Node's @mcap/core, Python's sqlite3) that interop tests compare against. */
final class Peers {
  static final ObjectMapper JSON = new ObjectMapper();

  private Peers() {}

  static Path script(String relative) {
    return Fixtures.root().resolve("nodes/src/test").resolve(relative);
  }

  /** Runs `node nodes/src/test/node/SCRIPT` against the npm peers with ARGS as a JSON object on stdin. */
  static String node(String script, Map<String, String> args) throws IOException {
    return NodeScript.run("nodes/src/test/node/" + script, JSON.writeValueAsString(args), Duration.ofMinutes(5));
  }

  /** Runs `python3 nodes/src/test/python/SCRIPT ARGS`; returns stdout. */
  static String python(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Fixtures.executable("python3").toString(),
        script("python/" + script).toString()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
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
