package dev.clip2scene.model.sim;

import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/** Writes a camera image, its label image and a bird's-eye view of the sweep of one frame as PNGs (for eyes). */
final class SimPreviewMain {
  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int frame = Integer.parseInt(args[1]);
    File dir = new File(args[2]);
    dir.mkdirs();
    Simulator sim = new Simulator(SimFixtures.settings(seed, frame + 1, 640, 360, 1084, true));
    long t0 = System.nanoTime();
    SimFrame f = sim.frame(frame);
    System.out.println("frame in " + (System.nanoTime() - t0) / 1e6 + " ms, points " + f.sweep().count()
        + ", primitives " + sim.world().size());
    CameraFrame c = f.images().get(0);
    int w = c.image().width(), h = c.image().height();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    BufferedImage lab = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    byte[] rgb = c.image().rgb();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        img.setRGB(x, y, (rgb[3 * p] & 0xff) << 16 | (rgb[3 * p + 1] & 0xff) << 8 | (rgb[3 * p + 2] & 0xff));
        int l = c.label(x, y);
        lab.setRGB(x, y, l < 0 ? 0 : colour(l));
      }
    }
    ImageIO.write(img, "png", new File(dir, "camera.png"));
    ImageIO.write(lab, "png", new File(dir, "labels.png"));
    int size = 800;
    double scale = size / 120.0;
    BufferedImage bev = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    LidarSweep s = f.sweep();
    for (int i = 0; i < s.count(); i++) {
      // the LiDAR frame is turned -90 degrees about z: its y points forward, its -x left; draw forward up
      double fwd = s.xyz()[3 * i + 1], left = -s.xyz()[3 * i];
      int px = (int) (size / 2 - left * scale), py = (int) (size / 2 - fwd * scale);
      if (px >= 0 && py >= 0 && px < size && py < size) bev.setRGB(px, py, colour(s.label()[i]));
    }
    ImageIO.write(bev, "png", new File(dir, "bev.png"));
  }

  static int colour(int id) {
    int[] c = {0xFF7F50, 0xDC143C, 0xFF4500, 0x0000E6, 0xE9967A, 0xFF3D63, 0x00FF00, 0xFFFF00, 0xFF8C00, 0xFF6347,
        0x00CFBF, 0xAF004B, 0x4B004B, 0x70B43C, 0xDEB887, 0x00AF00};
    return c[id];
  }
}
