package dev.clip2scene.model.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Projection parity with OpenCV (Debian python3-opencv): cv2.projectPoints for plumb_bob and rational_polynomial,
 * cv2.fisheye.projectPoints for equidistant, on random points seen through a random rigid transform. Both the
 * single-point (double) and the bulk (float) paths must agree to 1e-6 relative.
 */
class OpenCvParityTest {
  private static final int POINTS = 2000;
  private static final double RELATIVE = 1e-6;

  @TempDir Path tmp;

  private record Case(String model, double[] d, double spread) {}

  @Test
  void projectionMatchesOpenCv() throws Exception {
    Path python = pythonWithOpenCv();
    List<Case> cases = List.of(
        new Case(Distortion.PLUMB_BOB, new double[] {-0.28, 0.07, 1.2e-3, -8e-4, -0.004}, 0.9),
        new Case(Distortion.PLUMB_BOB, new double[] {0.12, -0.3, -2e-3, 1e-3, 0.15}, 0.9),
        new Case(Distortion.RATIONAL_POLYNOMIAL,
            new double[] {0.62, -0.04, 6e-4, -3e-4, 0.002, 0.98, 0.09, 0.004}, 1.2),
        new Case(Distortion.EQUIDISTANT, new double[] {0.05, -0.012, 0.004, -6e-4}, 3.0));
    Random random = new Random(20230601);
    double[] k = {812.4, 0, 640.7, 0, 809.9, 362.2, 0, 0, 1};
    List<Map<String, Object>> json = new ArrayList<>();
    List<float[]> worldPoints = new ArrayList<>();
    List<RigidTransform> transforms = new ArrayList<>();
    for (Case c : cases) {
      RigidTransform worldToCamera = RigidTransform.of(random.nextGaussian(), random.nextGaussian(),
          random.nextGaussian(), Quaternion.fromAxisAngle(new Vector3(random.nextGaussian(), random.nextGaussian(),
              random.nextGaussian()), random.nextDouble() * Math.PI));
      RigidTransform cameraToWorld = worldToCamera.inverse();
      float[] world = new float[POINTS * 3];
      for (int i = 0; i < POINTS; i++) {
        double z = 1 + 49 * random.nextDouble();
        Vector3 p = cameraToWorld.apply(new Vector3(z * c.spread * (2 * random.nextDouble() - 1),
            z * c.spread * (2 * random.nextDouble() - 1), z));
        world[3 * i] = (float) p.x();
        world[3 * i + 1] = (float) p.y();
        world[3 * i + 2] = (float) p.z();
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", c.model);
      m.put("k", k);
      m.put("d", c.d);
      m.put("rvec", rotationVector(worldToCamera.rotation()));
      Vector3 t = worldToCamera.translation();
      m.put("tvec", new double[] {t.x(), t.y(), t.z()});
      double[] asDouble = new double[world.length];
      for (int i = 0; i < world.length; i++) asDouble[i] = world[i];
      m.put("points", asDouble);
      json.add(m);
      worldPoints.add(world);
      transforms.add(worldToCamera);
    }
    ObjectMapper mapper = new ObjectMapper();
    Path in = tmp.resolve("cases.json");
    Path out = tmp.resolve("pixels.json");
    mapper.writeValue(in.toFile(), json);
    Path script = Fixtures.root().resolve("model/src/test/python/opencv_project.py");
    Process p = new ProcessBuilder(python.toString(), script.toString(), in.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "opencv script timed out");
    assertEquals(0, p.exitValue(), "opencv script failed: " + log);
    double[][] reference = mapper.readValue(out.toFile(), double[][].class);

    for (int c = 0; c < cases.size(); c++) {
      Case cs = cases.get(c);
      CameraModel camera = new CameraModel(new CameraCalibration(1280, 720, cs.model, cs.d, k,
          CameraCalibration.identity3(), new double[] {k[0], 0, k[2], 0, 0, k[4], k[5], 0, 0, 0, 1, 0}));
      float[] world = worldPoints.get(c);
      RigidTransform toCamera = transforms.get(c);
      Projection bulk = new Projection();
      camera.project(world, 3, POINTS, toCamera, 0.5, bulk);
      double[] pixel = new double[2];
      double worstSingle = 0, worstBulk = 0;
      for (int i = 0; i < POINTS; i++) {
        Vector3 pc = toCamera.apply(new Vector3(world[3 * i], world[3 * i + 1], world[3 * i + 2]));
        assertTrue(camera.project(pc.x(), pc.y(), pc.z(), pixel), cs.model + " point " + i + " reported invalid");
        for (int a = 0; a < 2; a++) {
          double ref = reference[c][2 * i + a];
          double single = relative(pixel[a], ref);
          double fromBulk = relative(a == 0 ? bulk.u(i) : bulk.v(i), ref);
          worstSingle = Math.max(worstSingle, single);
          worstBulk = Math.max(worstBulk, fromBulk);
          assertTrue(single <= RELATIVE && fromBulk <= RELATIVE, cs.model + " point " + i + " axis " + a + ": ours "
              + pixel[a] + " / bulk " + (a == 0 ? bulk.u(i) : bulk.v(i)) + ", OpenCV " + ref);
        }
      }
      System.out.printf("opencv parity %s D=%s: %d points, worst relative error %.1e (double API), %.1e (bulk, "
          + "float output)%n", cs.model, java.util.Arrays.toString(cs.d), POINTS, worstSingle, worstBulk);
    }
  }

  /** Relative error, absolute below one pixel (where a relative figure is meaningless). */
  private static double relative(double ours, double ref) {
    return Math.abs(ours - ref) / Math.max(1, Math.abs(ref));
  }

  /** OpenCV's Rodrigues vector (axis * angle) for Q. */
  private static double[] rotationVector(Quaternion q) {
    Quaternion u = q.w() < 0 ? new Quaternion(-q.x(), -q.y(), -q.z(), -q.w()) : q;
    double s = Math.sqrt(u.x() * u.x() + u.y() * u.y() + u.z() * u.z());
    if (s < 1e-12) return new double[3];
    double angle = 2 * Math.atan2(s, u.w());
    return new double[] {u.x() / s * angle, u.y() / s * angle, u.z() / s * angle};
  }

  /** Debian's python3 (where python3-opencv installs cv2) or the first python3 on PATH that imports cv2. */
  private static Path pythonWithOpenCv() throws IOException, InterruptedException {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/python3")));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) candidates.add(Path.of(dir, "python3"));
    for (Path py : candidates) {
      if (!Files.isExecutable(py)) continue;
      Process p = new ProcessBuilder(py.toString(), "-c", "import cv2, numpy").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return py;
    }
    Fixtures.require(false, "no python3 with cv2 (Debian: apt-get install python3-opencv)");
    return null;
  }
}
