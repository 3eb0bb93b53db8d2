package dev.clip2scene.nodes.bag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every PointCloud2, Image, CompressedImage, CameraInfo and TFMessage in ../shared/data/bags decodes through msgs,
 * except the rosbags-py Image whose data was cut short on purpose: that one must fail with a clear error.
 */
class SharedBagsDecodeTest {
  private static final Set<String> SENSOR_TYPES = Set.of("sensor_msgs/msg/PointCloud2", "sensor_msgs/msg/Image",
      "sensor_msgs/msg/CompressedImage", "sensor_msgs/msg/CameraInfo", "tf2_msgs/msg/TFMessage");
  private static final String TRUNCATED_IMAGE = "/test/sensor_msgs/image";

  @Test
  void everySensorMessageDecodes() throws IOException {
    Path bags = Fixtures.sharedData("bags");
    Map<String, Integer> decoded = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Path storage : storageFiles(bags)) {
      try (BagReader r = BagReader.open(storage); MessageCursor c = r.messages()) {
        for (BagMessage next = c.next(); next != null; next = c.next()) {
          BagMessage m = next;
          if (!SENSOR_TYPES.contains(m.type())) continue;
          if (m.topic().equals(TRUNCATED_IMAGE)) {
            MessageDecodeException e = assertThrows(MessageDecodeException.class, () -> BagMessageDecoder.decode(m));
            assertTrue(e.getMessage().contains("truncated image") && e.getMessage().contains(TRUNCATED_IMAGE),
                e.getMessage());
            decoded.merge("truncated Image refused", 1, Integer::sum);
            continue;
          }
          try {
            Object v = BagMessageDecoder.decode(m);
            if (v instanceof PointCloud2 pc) assertEquals(pc.rowStep() * pc.height(), pc.data().length);
            decoded.merge(m.type(), 1, Integer::sum);
          } catch (MessageDecodeException e) {
            failures.add(storage + " " + m.topic() + ": " + e.getMessage());
          }
        }
        assertEquals(List.of(), r.damage());
      }
    }
    assertEquals(List.of(), failures);
    for (String t : SENSOR_TYPES) {
      if (!t.equals("sensor_msgs/msg/Image")) assertTrue(decoded.getOrDefault(t, 0) > 0, t + " seen: " + decoded);
    }
    assertTrue(decoded.getOrDefault("truncated Image refused", 0) > 0, decoded.toString());
  }

  private static List<Path> storageFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".mcap") || p.toString().endsWith(".db3")).sorted().toList();
    }
  }
}
