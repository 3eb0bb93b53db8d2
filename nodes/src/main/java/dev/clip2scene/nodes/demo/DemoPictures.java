package dev.clip2scene.nodes.demo;

import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.nodes.cli.clip.ClassPalette;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The demo's pictures: a labelled cloud from above (base_link axes: x forward drawn up, y left drawn left, 0.1 m per
 * pixel) with a
 * legend of the classes it shows, and labelled points projected over a camera image. Colours are the perception
 * node's (the `rgb` field of its output), so the PNGs match what RViz or Foxglove show.
 */
public final class DemoPictures {
  private static final int BEV = 800;
  private static final double METRES_PER_PIXEL = 0.1;
  private static final int LEGEND = 230;

  private DemoPictures() {}

  /** XYZ: n x 3 in base_link; LABELS: class ids (negative or >= classes: not drawn). */
  public static void birdsEye(Path file, float[] xyz, int[] labels, List<String> classes, String title) throws IOException {
    BufferedImage img = new BufferedImage(BEV + LEGEND, BEV, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(new Color(0x282828));
      g.fillRect(0, 0, BEV, BEV);
      boolean[] present = new boolean[classes.size()];
      for (int i = 0; i < labels.length; i++) {
        int c = labels[i];
        if (c < 0 || c >= classes.size()) continue;
        int px = (int) Math.floor(BEV / 2.0 - xyz[3 * i + 1] / METRES_PER_PIXEL);
        int py = (int) Math.floor(BEV / 2.0 - xyz[3 * i] / METRES_PER_PIXEL);
        if (px < 0 || py < 0 || px >= BEV || py >= BEV) continue;
        g.setColor(new Color(ClassPalette.rgb(c)));
        g.fillRect(px, py, 2, 2);
        present[c] = true;
      }
      g.setColor(Color.WHITE);
      g.fillPolygon(new int[] {BEV / 2 - 5, BEV / 2 + 5, BEV / 2}, new int[] {BEV / 2 + 6, BEV / 2 + 6, BEV / 2 - 8}, 3);
      legend(g, BEV, title, classes, present);
    } finally {
      g.dispose();
    }
    write(file, img);
  }

  /** Points XYZ (n x 3, cloud frame) with LABELS drawn as dots over IMAGE where CAMERA sees them. */
  public static void overCamera(Path file, RgbImage image, CameraModel camera, RigidTransform cloudToCamera, float[] xyz,
      int[] labels, List<String> classes, String title) throws IOException {
    int w = image.width(), h = image.height();
    BufferedImage img = new BufferedImage(w + LEGEND, Math.max(h, 40 + 18 * classes.size()), BufferedImage.TYPE_INT_RGB);
    byte[] rgb = image.rgb();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = 3 * (y * w + x);
        img.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
      }
    }
    int n = labels.length;
    float[] cam = new float[3 * n];
    cloudToCamera.apply(xyz, 3, n, cam);
    double[] px = new double[2];
    boolean[] present = new boolean[classes.size()];
    Graphics2D g = img.createGraphics();
    try {
      for (int i = 0; i < n; i++) {
        int c = labels[i];
        if (c < 0 || c >= classes.size() || cam[3 * i + 2] < 1) continue;
        if (!camera.project(cam[3 * i], cam[3 * i + 1], cam[3 * i + 2], px) || !camera.contains(px[0], px[1])) continue;
        g.setColor(new Color(ClassPalette.rgb(c)));
        g.fillRect((int) px[0] - 1, (int) px[1] - 1, 3, 3);
        present[c] = true;
      }
      legend(g, w, title, classes, present);
    } finally {
      g.dispose();
    }
    write(file, img);
  }

  private static void legend(Graphics2D g, int x0, String title, List<String> classes, boolean[] present) {
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(x0, 0, LEGEND, 100_000);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, x0 + 10, 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int y = 40;
    for (int c = 0; c < classes.size(); c++) {
      if (!present[c]) continue;
      g.setColor(new Color(ClassPalette.rgb(c)));
      g.fillRect(x0 + 10, y - 10, 14, 12);
      g.setColor(Color.BLACK);
      g.drawRect(x0 + 10, y - 10, 14, 12);
      g.drawString(classes.get(c), x0 + 32, y);
      y += 18;
    }
  }

  private static void write(Path file, BufferedImage img) throws IOException {
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
    });
  }
}
