package dev.clip2scene.nodes.sim;

import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.sim.CameraFrame;
import dev.clip2scene.model.sim.LidarSweep;
import dev.clip2scene.model.sim.SimFrame;
import dev.clip2scene.nodes.cli.clip.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PNGs of a simulated frame for people to look at: each camera image, its ground-truth labels blended over it, and a
 * bird's-eye view of the sweep coloured by label (forward up, 1 pixel = 0.1 m, 100 m across).
 */
public final class SimPreview {
  private static final int BEV_SIZE = 1000;
  private static final double BEV_METRES = 100;

  private SimPreview() {}

  /** Writes DIR/frame_NNNN_{camera}.png, _{camera}_labels.png and _bev.png; returns the files written. */
  public static List<Path> write(Path dir, SimFrame f, SimRig rig) throws IOException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    String prefix = String.format("frame_%04d_", f.index());
    for (int c = 0; c < rig.cameras().size(); c++) {
      String name = rig.cameras().get(c).name().toLowerCase(java.util.Locale.ROOT);
      CameraFrame cam = f.images().get(c);
      files.add(png(dir.resolve(prefix + name + ".png"), cam.image()));
      files.add(png(dir.resolve(prefix + name + "_labels.png"), overlay(cam.image(), cam.truth().labels())));
    }
    files.add(png(dir.resolve(prefix + "bev.png"), birdsEye(f.sweep(), rig)));
    return files;
  }

  private static Path png(Path file, RgbImage image) throws IOException {
    ImageFiles.writePng(file, image);
    return file;
  }

  /** Class colours blended 2:1 over IMAGE; pixels whose label (row-major, image size) is negative keep the image. */
  public static RgbImage overlay(RgbImage image, int[] labels) {
    byte[] rgb = image.rgb().clone();
    for (int p = 0; p < labels.length; p++) {
      if (labels[p] < 0) continue;
      int colour = ClassColours.rgb(labels[p]);
      for (int ch = 0; ch < 3; ch++) {
        int mine = colour >> (16 - 8 * ch) & 0xff;
        rgb[3 * p + ch] = (byte) ((2 * mine + (rgb[3 * p + ch] & 0xff)) / 3);
      }
    }
    return new RgbImage(image.width(), image.height(), rgb);
  }

  /** The sweep from above in base_link axes (x forward drawn up, y left drawn left). */
  static RgbImage birdsEye(LidarSweep s, SimRig rig) {
    byte[] rgb = new byte[BEV_SIZE * BEV_SIZE * 3];
    double scale = BEV_SIZE / BEV_METRES;
    float[] base = new float[3 * s.count()];
    rig.lidarMount().apply(s.xyz(), 3, s.count(), base);
    for (int i = 0; i < s.count(); i++) {
      int px = (int) Math.floor(BEV_SIZE / 2.0 - base[3 * i + 1] * scale);
      int py = (int) Math.floor(BEV_SIZE / 2.0 - base[3 * i] * scale);
      if (px < 0 || py < 0 || px >= BEV_SIZE || py >= BEV_SIZE) continue;
      int colour = ClassColours.rgb(s.label()[i]);
      int at = 3 * (py * BEV_SIZE + px);
      rgb[at] = (byte) (colour >> 16);
      rgb[at + 1] = (byte) (colour >> 8);
      rgb[at + 2] = (byte) colour;
    }
    return new RgbImage(BEV_SIZE, BEV_SIZE, rgb);
  }
}
