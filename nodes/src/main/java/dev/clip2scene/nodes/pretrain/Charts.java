package dev.clip2scene.nodes.pretrain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.metrics.ConfusionMatrix;

/** PNG charts drawn with java.awt (headless): training curves and a confusion matrix. */
public final class Charts {
  private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)};

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** A named series of (x, y) points. */
  public record Series(String name, double[] x, double[] y) {}

  /** Panels side by side, one per list of series (e.g. losses per step; mIoU per epoch). */
  public static void curves(Path png, List<String> titles, List<List<Series>> panels) throws IOException {
    int pw = 520, ph = 360;
    BufferedImage img = new BufferedImage(pw * panels.size(), ph, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), ph);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int p = 0; p < panels.size(); p++) panel(g, p * pw, pw, ph, titles.get(p), panels.get(p));
    g.dispose();
    write(png, img);
  }

  private static void panel(Graphics2D g, int ox, int w, int h, String title, List<Series> series) {
    int l = ox + 60, r = ox + w - 20, t = 30, b = h - 40;
    double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (!Double.isFinite(s.y()[i])) continue;
        minX = Math.min(minX, s.x()[i]);
        maxX = Math.max(maxX, s.x()[i]);
        minY = Math.min(minY, s.y()[i]);
        maxY = Math.max(maxY, s.y()[i]);
      }
    }
    g.setColor(Color.BLACK);
    g.drawString(title, l, 18);
    g.drawRect(l, t, r - l, b - t);
    if (minX > maxX) {
      g.drawString("no data yet", l + 10, t + 20);
      return;
    }
    if (maxX == minX) maxX = minX + 1;
    if (maxY == minY) maxY = minY + 1;
    g.drawString(String.format("%.3g", maxY), ox + 4, t + 10);
    g.drawString(String.format("%.3g", minY), ox + 4, b);
    g.drawString(String.format("%.0f", minX), l, b + 15);
    g.drawString(String.format("%.0f", maxX), r - 30, b + 15);
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      g.setColor(SERIES[k % SERIES.length]);
      g.setStroke(new BasicStroke(1.5f));
      int px = -1, py = -1;
      for (int i = 0; i < s.x().length; i++) {
        if (!Double.isFinite(s.y()[i])) continue;
        int x = l + (int) Math.round((s.x()[i] - minX) / (maxX - minX) * (r - l));
        int y = b - (int) Math.round((s.y()[i] - minY) / (maxY - minY) * (b - t));
        if (px >= 0) g.drawLine(px, py, x, y);
        else g.fillOval(x - 2, y - 2, 4, 4);
        px = x;
        py = y;
      }
      g.drawString(s.name(), r - 120, t + 15 + 15 * k);
    }
  }

  /** Rows normalised to recall, darker = more; class names on the left. */
  public static void confusion(Path png, ConfusionMatrix m, List<String> classes) throws IOException {
    int n = classes.size();
    int cell = 22, left = 150, top = 20;
    BufferedImage img = new BufferedImage(left + n * cell + 20, top + n * cell + 20, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    long[][] rows = m.rows();
    for (int t = 0; t < n; t++) {
      long sum = 0;
      for (long v : rows[t]) sum += v;
      g.setColor(Color.BLACK);
      g.drawString(classes.get(t), 4, top + t * cell + 15);
      for (int p = 0; p < n; p++) {
        float share = sum == 0 ? 0 : (float) rows[t][p] / sum;
        int shade = Math.round(255 * (1 - share));
        g.setColor(new Color(shade, shade, 255));
        g.fillRect(left + p * cell, top + t * cell, cell - 1, cell - 1);
      }
    }
    g.dispose();
    write(png, img);
  }

  private static void write(Path png, BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    AtomicFiles.writeBytes(png, out.toByteArray());
  }
}
