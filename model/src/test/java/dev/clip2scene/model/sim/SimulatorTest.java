package dev.clip2scene.model.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.geometry.Projection;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final SimSettings SMALL = SimFixtures.settings(7, 40, 320, 180, 542, true);

  @Test
  void classIdsFollowTheBundledNuScenesVocabulary() {
    List<String> names = Vocabulary.resolve("nuscenes").classes();
    assertEquals(SceneClass.count(), names.size());
    for (SceneClass c : SceneClass.values()) assertEquals(names.get(c.id()), c.vocabularyName());
  }

  @Test
  void theWorldHoldsEveryClass() {
    World world = WorldGenerator.generate(3, -150, 600);
    assertEquals(EnumSet.allOf(SceneClass.class), world.classes());
  }

  @Test
  void framesAreBitwiseReproducibleAndIndependentOfOrder() {
    Simulator a = new Simulator(SMALL), b = new Simulator(SMALL);
    SimFrame late = b.frame(9);
    SimFrame early = b.frame(3);
    assertFrameEquals(a.frame(3), early);
    assertFrameEquals(a.frame(9), late);
    SimFrame other = new Simulator(SimFixtures.settings(8, 40, 320, 180, 542, true)).frame(3);
    assertFalse(java.util.Arrays.equals(early.images().get(0).image().rgb(), other.images().get(0).image().rgb()));
  }

  private static void assertFrameEquals(SimFrame x, SimFrame y) {
    assertEquals(x.sweep().count(), y.sweep().count());
    assertArrayEquals(x.sweep().xyz(), y.sweep().xyz());
    assertArrayEquals(x.sweep().intensity(), y.sweep().intensity());
    assertArrayEquals(x.sweep().label(), y.sweep().label());
    assertArrayEquals(x.images().get(0).image().rgb(), y.images().get(0).image().rgb());
    assertArrayEquals(x.images().get(0).labels(), y.images().get(0).labels());
  }

  @Test
  void sweepFieldsAreInRange() {
    SimFrame f = new Simulator(SMALL).frame(5);
    LidarSweep s = f.sweep();
    assertTrue(s.count() > 0.6 * 32 * 542, "most rays return: " + s.count());
    for (int i = 0; i < s.count(); i++) {
      assertTrue(s.intensity()[i] >= 0 && s.intensity()[i] <= 255);
      assertTrue(s.time()[i] >= 0 && s.time()[i] < 0.05f);
      assertTrue(s.ring()[i] >= 0 && s.ring()[i] < 32);
      double r = Math.sqrt(s.xyz()[3 * i] * s.xyz()[3 * i] + s.xyz()[3 * i + 1] * s.xyz()[3 * i + 1] + s.xyz()[3 * i + 2] * s.xyz()[3 * i + 2]);
      assertTrue(r > 0.4 && r < 101, "range " + r);
    }
    assertTrue(s.time()[s.count() - 1] > 0.045f, "the sweep spans the revolution");
  }

  /** Raw points moved with the ego pose at their own firing time land where the de-skewed ones do. */
  @Test
  void deskewedAndRawPointsAgreeThroughTheEgoMotion() {
    SimSettings raw = SimFixtures.settings(7, 40, 32, 18, 542, false);
    SimSettings deskewed = SimFixtures.settings(7, 40, 32, 18, 542, true);
    Simulator a = new Simulator(raw), b = new Simulator(deskewed);
    SimFrame fr = a.frame(12), fd = b.frame(12);
    assertEquals(fr.sweep().count(), fd.sweep().count());
    RigidTransform atStamp = a.ego().pose(fr.timeS()).compose(SimFixtures.LIDAR_MOUNT);
    double maxGap = 0, maxMotion = 0;
    for (int i = 0; i < fr.sweep().count(); i += 7) {
      float[] p = fr.sweep().xyz(), q = fd.sweep().xyz();
      RigidTransform atFiring = a.ego().pose(fr.timeS() + fr.sweep().time()[i]).compose(SimFixtures.LIDAR_MOUNT);
      Vector3 w1 = atFiring.apply(new Vector3(p[3 * i], p[3 * i + 1], p[3 * i + 2]));
      Vector3 w2 = atStamp.apply(new Vector3(q[3 * i], q[3 * i + 1], q[3 * i + 2]));
      maxGap = Math.max(maxGap, w1.minus(w2).norm());
      maxMotion = Math.max(maxMotion, new Vector3(p[3 * i] - q[3 * i], p[3 * i + 1] - q[3 * i + 1], p[3 * i + 2] - q[3 * i + 2]).norm());
    }
    assertTrue(maxGap < 1e-3, "world points differ by " + maxGap);
    assertTrue(maxMotion > 0.3, "the ego moves during the sweep, raw and de-skewed differ by up to " + maxMotion);
  }

  /** The cameras and the LiDAR see the same world: points projected into the image mostly carry the pixel's class. */
  @Test
  void lidarLabelsAgreeWithTheLabelImage() {
    Simulator sim = new Simulator(SMALL);
    int agree = 0, projected = 0;
    for (int k = 0; k < 40; k += 8) {
      SimFrame f = sim.frame(k);
      SimCamera cam = SMALL.cameras().get(0);
      RigidTransform lidarToCamera = cam.mount().inverse().compose(SimFixtures.LIDAR_MOUNT);
      Projection proj = new Projection();
      cam.model().project(f.sweep().xyz(), 3, f.sweep().count(), lidarToCamera, 1.0, proj);
      CameraFrame image = f.images().get(0);
      for (int i = 0; i < f.sweep().count(); i++) {
        if (!proj.valid(i)) continue;
        projected++;
        if (image.label((int) proj.u(i), (int) proj.v(i)) == f.sweep().label()[i]) agree++;
      }
    }
    assertTrue(projected > 1000, "points in view: " + projected);
    assertTrue(agree > 0.9 * projected, agree + " of " + projected + " agree");
  }

  @Test
  void camerasSeeSkyAndSeveralClasses() {
    CameraFrame c = new Simulator(SMALL).frame(0).images().get(0);
    boolean sky = false;
    EnumSet<SceneClass> seen = EnumSet.noneOf(SceneClass.class);
    for (int y = 0; y < 180; y++) {
      for (int x = 0; x < 320; x++) {
        int l = c.label(x, y);
        if (l < 0) sky = true;
        else seen.add(SceneClass.of(l));
      }
    }
    assertTrue(sky);
    assertTrue(seen.containsAll(EnumSet.of(SceneClass.DRIVEABLE_SURFACE, SceneClass.MANMADE)), seen.toString());
    assertTrue(seen.size() >= 5, seen.toString());
  }

  /**
   * Colour alone does not tell the classes apart: a nearest-mean-colour classifier fitted on the very pixels it is
   * scored on gets a low mean IoU, and car pixels alone spread over many colours.
   */
  @Test
  void classesAreNotSeparableByColour() {
    Simulator sim = new Simulator(SMALL);
    int n = SceneClass.count();
    double[][] sum = new double[n][3];
    long[] count = new long[n];
    List<CameraFrame> frames = new java.util.ArrayList<>();
    for (int k = 0; k < 40; k += 4) frames.add(sim.frame(k).images().get(0));
    for (CameraFrame f : frames) {
      for (int p = 0; p < f.labels().length; p++) {
        int l = f.label(p % 320, p / 320);
        if (l < 0) continue;
        for (int ch = 0; ch < 3; ch++) sum[l][ch] += f.image().rgb()[3 * p + ch] & 0xff;
        count[l]++;
      }
    }
    long[] tp = new long[n], truth = new long[n], predicted = new long[n];
    double[] carSum = new double[3], carSq = new double[3];
    for (CameraFrame f : frames) {
      for (int p = 0; p < f.labels().length; p++) {
        int l = f.label(p % 320, p / 320);
        if (l < 0) continue;
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < n; c++) {
          if (count[c] == 0) continue;
          double d = 0;
          for (int ch = 0; ch < 3; ch++) {
            double e = (f.image().rgb()[3 * p + ch] & 0xff) - sum[c][ch] / count[c];
            d += e * e;
          }
          if (d < bestD) {
            bestD = d;
            best = c;
          }
        }
        truth[l]++;
        predicted[best]++;
        if (best == l) tp[l]++;
        if (l == SceneClass.CAR.id()) {
          for (int ch = 0; ch < 3; ch++) {
            double v = f.image().rgb()[3 * p + ch] & 0xff;
            carSum[ch] += v;
            carSq[ch] += v * v;
          }
        }
      }
    }
    double iouSum = 0;
    int present = 0;
    for (int c = 0; c < n; c++) {
      if (truth[c] == 0) continue;
      iouSum += (double) tp[c] / (truth[c] + predicted[c] - tp[c]);
      present++;
    }
    double miou = iouSum / present;
    assertTrue(present >= 8, present + " classes in view");
    assertTrue(miou < 0.3, "colour-only mIoU " + miou);
    long cars = count[SceneClass.CAR.id()];
    double spread = 0;
    for (int ch = 0; ch < 3; ch++) spread += carSq[ch] / cars - Math.pow(carSum[ch] / cars, 2);
    assertTrue(Math.sqrt(spread) > 60, "car colours spread (RMS over channels) " + Math.sqrt(spread));
  }
}
