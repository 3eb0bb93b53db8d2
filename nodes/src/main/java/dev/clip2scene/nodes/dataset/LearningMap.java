package dev.clip2scene.nodes.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A benchmark's learning map held as data: lines "raw_id training_id" (or "raw_id ignore"), # comments. Raw ids
 * not listed map to the ignore value.
 */
public final class LearningMap {
  private LearningMap() {}

  /** The map in RESOURCE as an array indexed by raw id (SIZE entries), IGNORE where unmapped. */
  public static int[] load(String resource, int size, int ignore) {
    int[] map = new int[size];
    Arrays.fill(map, ignore);
    try (InputStream in = LearningMap.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " missing from the jar");
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) continue;
        String[] f = line.split("\\s+");
        map[Integer.parseInt(f[0])] = f[1].equals("ignore") ? ignore : Integer.parseInt(f[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return map;
  }
}
