package dev.clip2scene.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The grid walk (cells, block skipping, mailboxes) finds exactly the hits that testing every solid finds. */
class WorldTraceTest {
  @Test
  void gridTracingMatchesBruteForce() {
    SplittableRandom r = new SplittableRandom(42);
    Material m = new Material(SceneClass.MANMADE, 1, 0x808080, Texture.PLAIN, 0.5);
    List<Primitive> solids = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double x = r.nextDouble(-150, 150), y = r.nextDouble(-60, 60);
      switch (i % 3) {
        case 0 -> solids.add(new Box(x, y, r.nextDouble(0, 3), r.nextDouble(0.2, 12), r.nextDouble(0.2, 6), 0, r.nextDouble(0.3, 30), m));
        case 1 -> solids.add(new Cylinder(x, y, r.nextDouble(0.05, 1), r.nextDouble(0, 2), r.nextDouble(2.1, 9), m));
        default -> solids.add(new Ellipsoid(x, y, r.nextDouble(1, 8), r.nextDouble(0.3, 3), r.nextDouble(0.3, 3), r.nextDouble(0.3, 3), m));
      }
    }
    World world = new World(solids, new RoadLayout(7, 6, new double[] {0}), m, m, 4);
    World.Tracer tracer = world.tracer();
    int hits = 0;
    for (int k = 0; k < 20000; k++) {
      double ox = r.nextDouble(-160, 160), oy = r.nextDouble(-70, 70), oz = r.nextDouble(0.2, 4);
      double dx = r.nextGaussian(), dy = r.nextGaussian(), dz = r.nextGaussian() * 0.3;
      double n = Math.sqrt(dx * dx + dy * dy + dz * dz);
      dx /= n;
      dy /= n;
      dz /= n;
      boolean hit = tracer.trace(ox, oy, oz, dx, dy, dz, 300);
      Hit brute = new Hit();
      brute.reset(300);
      if (dz < 0 && -oz / dz < brute.t) {
        brute.t = -oz / dz;
        brute.primitive = World.GROUND;
      }
      for (int i = 0; i < solids.size(); i++) if (solids.get(i).intersect(ox, oy, oz, dx, dy, dz, brute)) brute.primitive = i;
      assertEquals(brute.t < 300, hit, "ray " + k);
      if (!hit) continue;
      hits++;
      assertEquals(brute.t, tracer.hit.t, 1e-9, "ray " + k);
      assertEquals(brute.primitive, tracer.hit.primitive, "ray " + k);
    }
    assertTrue(hits > 10000);
  }
}
