package dev.clip2scene.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clip2scene teacher precompute} with the tiny CLIP over the KITTI frames: every image once into the run
 * folder's cache, a second pass (as after a kill) computing only what is missing, and pretraining in that folder
 * starting from the full cache.
 */
class TeacherPrecomputeTest {
  @TempDir Path tmp;

  @Test
  void precomputesResumesAndPretrainingReusesTheCache() throws Exception {
    Path bag = TinyRun.kittiBag(tmp);
    Path config = TinyRun.config(tmp, "");
    Files.writeString(config, Files.readString(config).replace("epochs: 2", "epochs: 1"));
    Path out = tmp.resolve("run");
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(TinyRun.run("teacher", "precompute", "--bag", bag.toString(), "--config", config.toString(), "--out", out.toString(),
        "--workers", "2", "--no-progress", "--json"));
    assertEquals(3, first.get("images").asInt(), "three frames, one camera");
    assertEquals(3, first.get("computed").asInt());
    assertEquals(0, first.get("failed").asInt());
    assertTrue(first.get("cache_bytes").asLong() > 0);
    assertTrue(Files.isRegularFile(out.resolve(SampleIndex.FILE)));

    try (Stream<Path> s = Files.walk(out.resolve("teacher-cache"))) {
      Files.delete(s.filter(p -> p.toString().endsWith(".features.npy")).findFirst().orElseThrow());
    }
    JsonNode second = json.readTree(TinyRun.run("teacher", "precompute", "--bag", bag.toString(), "--config", config.toString(), "--out", out.toString(),
        "--no-progress", "--json"));
    assertEquals(2, second.get("cached").asInt());
    assertEquals(1, second.get("computed").asInt(), "only the missing image");

    TinyRun.run("pretrain", "--bag", bag.toString(), "--config", config.toString(), "--out", out.toString(), "--no-progress");
    String log = Files.readString(out.resolve("train.log"));
    assertTrue(log.contains("reusing the sample index"), log);
    assertTrue(log.contains("teacher: 3 images, 3 cached already, 0 to compute"), log);
  }
}
