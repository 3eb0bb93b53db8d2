package dev.clip2scene.model.clip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the one-entry-per-line data files (vocabularies, templates): blank lines and '#' comment lines skipped. */
final class LineLists {
  static final String RESOURCES = "/data/clip/";

  private LineLists() {}

  static List<String> read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A bundled list under /data/clip/, or null when there is none. */
  static List<String> resource(String relative) {
    try (InputStream in = LineLists.class.getResourceAsStream(RESOURCES + relative)) {
      return in == null ? null : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled " + relative + ": " + e.getMessage(), e);
    }
  }

  private static List<String> parse(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
    }
    return out;
  }
}
