package dev.clip2scene.nodes.dataset.kitti;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The KITTI folder layouts the importer reads, detected from what a folder holds:
 * <ul>
 *   <li>object benchmark: velodyne/*.bin, image_2/*.png, calib/*.txt (one calibration per frame); frames are not a
 *       sequence and get stamps {@link #FIRST_STAMP_NS} + i x 0.1 s;</li>
 *   <li>odometry sequence (sequences/NN): velodyne/*.bin, optional image_2/*.png with calib.txt, times.txt (seconds;
 *       stamps are {@link #FIRST_STAMP_NS} + t, 0.1 s spacing without it), optional SemanticKITTI labels/*.label;</li>
 *   <li>raw drive (..._sync): velodyne_points/data/*.bin with timestamps.txt, image_02/data/*.png with
 *       timestamps.txt, calib_cam_to_cam.txt and calib_velo_to_cam.txt in the drive folder or its parent.</li>
 * </ul>
 * An object folder may also hold labels/*.label. Stamps start at 1 s, not 0, since tf reads time 0 as "latest".
 */
public final class KittiLayout {
  public static final long FIRST_STAMP_NS = 1_000_000_000L;
  public static final long FRAME_SPACING_NS = 100_000_000L;

  public enum Kind { OBJECT, ODOMETRY, RAW }

  private KittiLayout() {}

  public static Kind detect(Path dir) throws IOException {
    if (Files.isDirectory(dir.resolve("velodyne_points/data"))) return Kind.RAW;
    if (Files.isDirectory(dir.resolve("velodyne")) && Files.isDirectory(dir.resolve("calib"))) return Kind.OBJECT;
    if (Files.isDirectory(dir.resolve("velodyne"))) return Kind.ODOMETRY;
    throw new KittiFormatException(dir, "not a KITTI folder: expected velodyne/ (object or odometry) or velodyne_points/data/ (raw)");
  }

  public static List<KittiFrame> frames(Path dir) throws IOException {
    return switch (detect(dir)) {
      case OBJECT -> object(dir);
      case ODOMETRY -> odometry(dir);
      case RAW -> raw(dir);
    };
  }

  private static List<KittiFrame> object(Path dir) throws IOException {
    List<KittiFrame> out = new ArrayList<>();
    List<String> ids = ids(dir.resolve("velodyne"), ".bin");
    requireScans(dir.resolve("velodyne"), ids, false, List.of(new Companion(dir.resolve("image_2"), ".png"),
        new Companion(dir.resolve("calib"), ".txt"), new Companion(dir.resolve("labels"), ".label")));
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      long t = FIRST_STAMP_NS + i * FRAME_SPACING_NS;
      Path image = require(dir.resolve("image_2").resolve(id + ".png"));
      KittiCalibration calib = KittiCalibration.read(require(dir.resolve("calib").resolve(id + ".txt")));
      out.add(new KittiFrame(id, t, dir.resolve("velodyne").resolve(id + ".bin"), image, t, optional(dir.resolve("labels").resolve(id + ".label")), calib));
    }
    return out;
  }

  private static List<KittiFrame> odometry(Path dir) throws IOException {
    List<String> ids = ids(dir.resolve("velodyne"), ".bin");
    requireScans(dir.resolve("velodyne"), ids, true, List.of(new Companion(dir.resolve("image_2"), ".png"),
        new Companion(dir.resolve("labels"), ".label")));
    boolean images = Files.isDirectory(dir.resolve("image_2"));
    KittiCalibration calib = images ? KittiCalibration.readOdometry(require(dir.resolve("calib.txt"))) : null;
    long[] stamps = new long[ids.size()];
    Path times = dir.resolve("times.txt");
    if (Files.isRegularFile(times)) {
      List<String> lines = Files.readAllLines(times, StandardCharsets.US_ASCII).stream().filter(l -> !l.isBlank()).toList();
      if (lines.size() < ids.size()) throw new KittiFormatException(times, lines.size() + " stamps for " + ids.size() + " scans");
      for (int i = 0; i < ids.size(); i++) {
        try {
          stamps[i] = FIRST_STAMP_NS + Math.round(Double.parseDouble(lines.get(i).strip()) * 1e9);
        } catch (NumberFormatException e) {
          throw new KittiFormatException(times, "line " + (i + 1) + " '" + lines.get(i) + "' is not seconds");
        }
      }
    } else {
      for (int i = 0; i < ids.size(); i++) stamps[i] = FIRST_STAMP_NS + i * FRAME_SPACING_NS;
    }
    List<KittiFrame> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      Path image = images ? require(dir.resolve("image_2").resolve(id + ".png")) : null;
      out.add(new KittiFrame(id, stamps[i], dir.resolve("velodyne").resolve(id + ".bin"), image, stamps[i],
          optional(dir.resolve("labels").resolve(id + ".label")), calib));
    }
    return out;
  }

  private static List<KittiFrame> raw(Path dir) throws IOException {
    Path velo = dir.resolve("velodyne_points");
    List<String> ids = ids(velo.resolve("data"), ".bin");
    requireScans(velo.resolve("data"), ids, true, List.of(new Companion(dir.resolve("image_02/data"), ".png")));
    long[] stamps = rawStamps(require(velo.resolve("timestamps.txt")), ids.size());
    Path cam = dir.resolve("image_02");
    boolean images = Files.isDirectory(cam.resolve("data"));
    long[] imageStamps = images ? rawStamps(require(cam.resolve("timestamps.txt")), ids.size()) : stamps;
    KittiCalibration calib = null;
    if (images) {
      Path base = Files.isRegularFile(dir.resolve("calib_cam_to_cam.txt")) ? dir : dir.toAbsolutePath().getParent();
      calib = KittiCalibration.readRaw(require(base.resolve("calib_cam_to_cam.txt")), require(base.resolve("calib_velo_to_cam.txt")));
    }
    List<KittiFrame> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      Path image = images ? require(cam.resolve("data").resolve(id + ".png")) : null;
      out.add(new KittiFrame(id, stamps[i], velo.resolve("data").resolve(id + ".bin"), image, imageStamps[i], null, calib));
    }
    return out;
  }

  private static final DateTimeFormatter RAW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Lines like 2011-09-26 13:02:25.964389445 (UTC) -> nanoseconds since the epoch. */
  static long[] rawStamps(Path file, int count) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().filter(l -> !l.isBlank()).toList();
    if (lines.size() < count) throw new KittiFormatException(file, lines.size() + " stamps for " + count + " frames");
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      String l = lines.get(i).strip();
      int dot = l.indexOf('.');
      try {
        LocalDateTime t = LocalDateTime.parse(dot < 0 ? l : l.substring(0, dot), RAW_TIME);
        String frac = dot < 0 ? "0" : (l.substring(dot + 1) + "000000000").substring(0, 9);
        out[i] = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + Long.parseLong(frac);
      } catch (RuntimeException e) {
        throw new KittiFormatException(file, "line " + (i + 1) + " '" + l + "' is not 'yyyy-MM-dd HH:mm:ss.nnnnnnnnn'");
      }
    }
    return out;
  }

  private static List<String> ids(Path folder, String extension) throws IOException {
    return ids(folder, extension, true);
  }

  private static List<String> ids(Path folder, String extension, boolean required) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      List<String> ids = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(extension))
          .map(n -> n.substring(0, n.length() - extension.length())).sorted().toList();
      if (ids.isEmpty() && required) throw new KittiFormatException(folder, "no " + extension + " files");
      return ids;
    }
  }

  /** A folder of per-frame files beside the scans (images, calibrations, labels), by extension. */
  private record Companion(Path folder, String extension) {}

  /**
   * A scan missing from SCANS (ids IDS, .bin files) is an error naming it, never a frame quietly left out: one
   * that a companion folder has a file for, or, in a SEQUENCE, one that the numbering skips (its stamp line would
   * go to the next scan).
   */
  private static void requireScans(Path scans, List<String> ids, boolean sequence, List<Companion> companions)
      throws IOException {
    java.util.Set<String> have = new java.util.HashSet<>(ids);
    for (Companion c : companions) {
      if (!Files.isDirectory(c.folder())) continue;
      for (String id : ids(c.folder(), c.extension(), false)) {
        if (!have.contains(id)) {
          throw new KittiFormatException(scans.resolve(id + ".bin"), "missing, but " + c.folder().getFileName()
              + "/" + id + c.extension() + " exists: the frame would have no scan");
        }
      }
    }
    if (!sequence) return;
    for (int i = 0; i < ids.size(); i++) {
      String expected = String.format("%0" + ids.get(0).length() + "d", i);
      if (!ids.get(i).equals(expected)) {
        throw new KittiFormatException(scans.resolve(expected + ".bin"), "missing: the sequence's scans are "
            + "numbered from 0 without gaps, and its stamps are matched to them by number");
      }
    }
  }

  private static Path require(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new KittiFormatException(file, "missing");
    return file;
  }

  private static Path optional(Path file) {
    return Files.isRegularFile(file) ? file : null;
  }
}
