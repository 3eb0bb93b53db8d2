package dev.clip2scene.model.sim;

import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.model.image.RgbImage;
import dev.clip2scene.model.loss.PseudoLabels;
import java.util.stream.IntStream;

/**
 * Renders a camera by casting one ray per pixel centre through the camera model and keeping the nearest surface
 * (the depth test of a z-buffer, exact per pixel): shaded colour into the image, the surface's class into the
 * label image. Rows are rendered in parallel; every pixel is a pure function of its inputs, so the result does not
 * depend on the thread count.
 */
public final class CameraRenderer {
  private static final int ROWS_PER_TASK = 8;
  private static final double MAX_DEPTH = 400;
  private static final int SENSOR_NOISE = 4;

  private final CameraModel camera;

  public CameraRenderer(CameraModel camera) {
    this.camera = camera;
  }

  public CameraModel camera() {
    return camera;
  }

  /** Renders the view from POSE (the optical frame's pose in the world); NOISE_SEED varies the sensor noise. */
  public CameraFrame render(World world, Shader shader, RigidTransform pose, long noiseSeed) {
    int w = camera.width(), h = camera.height();
    byte[] rgb = new byte[w * h * 3];
    byte[] labels = new byte[w * h];
    double[] m = pose.rotation().toMatrix();
    Vector3 o = pose.translation();
    IntStream.range(0, (h + ROWS_PER_TASK - 1) / ROWS_PER_TASK).parallel().forEach(task -> {
      World.Tracer tracer = world.tracer();
      double[] ray = new double[3];
      for (int y = task * ROWS_PER_TASK; y < Math.min(h, (task + 1) * ROWS_PER_TASK); y++) {
        for (int x = 0; x < w; x++) {
          camera.unproject(x, y, ray);
          double n = Math.sqrt(ray[0] * ray[0] + ray[1] * ray[1] + 1);
          double cx = ray[0] / n, cy = ray[1] / n, cz = 1 / n;
          double dx = m[0] * cx + m[1] * cy + m[2] * cz;
          double dy = m[3] * cx + m[4] * cy + m[5] * cz;
          double dz = m[6] * cx + m[7] * cy + m[8] * cz;
          int p = y * w + x;
          int colour;
          if (tracer.trace(o.x(), o.y(), o.z(), dx, dy, dz, MAX_DEPTH)) {
            Hit hit = tracer.hit;
            double wx = o.x() + dx * hit.t, wy = o.y() + dy * hit.t, wz = o.z() + dz * hit.t;
            Material mat = world.material(hit, wx, wy);
            colour = shader.shade(mat, hit, wx, wy, wz, hit.t);
            labels[p] = (byte) mat.sceneClass().id();
          } else {
            colour = shader.sky(dx, dy, dz);
            labels[p] = (byte) PseudoLabels.IGNORE_STORED;
          }
          long noise = Noise.hash(noiseSeed, p);
          for (int ch = 0; ch < 3; ch++) {
            int v = (colour >> (16 - 8 * ch) & 0xff) + (int) ((noise >>> (8 * ch)) & 0xff) % (2 * SENSOR_NOISE + 1)
                - SENSOR_NOISE;
            rgb[3 * p + ch] = (byte) Math.max(0, Math.min(255, v));
          }
        }
      }
    });
    return new CameraFrame(new RgbImage(w, h, rgb), labels);
  }
}
