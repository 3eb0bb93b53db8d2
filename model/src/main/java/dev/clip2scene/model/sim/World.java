package dev.clip2scene.model.sim;

import java.util.List;

/**
 * The static synthetic world: the ground plane (road or terrain by {@link RoadLayout}) and a list of primitives in a
 * uniform grid over x-y. Rays walk the grid cells they cross (2D DDA) and stop at the first cell whose far edge lies
 * beyond the nearest hit. Immutable; trace through a {@link Tracer} per thread.
 */
public final class World {
  /** {@link Hit#primitive} of a ground hit. */
  public static final int GROUND = -1;

  private final Primitive[] primitives;
  private final RoadLayout road;
  private final Material roadMaterial;
  private final Material terrainMaterial;
  private final double x0, y0, cell;
  private final int nx, ny;
  private final int[][] cells;
  private final double[] cellTop;
  private final double ceiling;
  private final ThreadLocal<Tracer> tracers = ThreadLocal.withInitial(Tracer::new);

  public World(List<Primitive> primitives, RoadLayout road, Material roadMaterial, Material terrainMaterial,
      double cellSize) {
    this.primitives = primitives.toArray(Primitive[]::new);
    this.road = road;
    this.roadMaterial = roadMaterial;
    this.terrainMaterial = terrainMaterial;
    double minX = Double.POSITIVE_INFINITY, minY = minX, maxX = Double.NEGATIVE_INFINITY, maxY = maxX, top = 0;
    for (Primitive p : this.primitives) {
      minX = Math.min(minX, p.minX());
      minY = Math.min(minY, p.minY());
      maxX = Math.max(maxX, p.maxX());
      maxY = Math.max(maxY, p.maxY());
      top = Math.max(top, p.maxZ());
    }
    if (this.primitives.length == 0) {
      minX = minY = 0;
      maxX = maxY = cellSize;
    }
    cell = cellSize;
    x0 = minX;
    y0 = minY;
    nx = Math.max(1, (int) Math.ceil((maxX - minX) / cellSize));
    ny = Math.max(1, (int) Math.ceil((maxY - minY) / cellSize));
    ceiling = top;
    int[] counts = new int[nx * ny];
    for (Primitive p : this.primitives) forCells(p, (c, i) -> counts[c]++, 0);
    cells = new int[nx * ny][];
    for (int c = 0; c < cells.length; c++) cells[c] = new int[counts[c]];
    int[] fill = new int[nx * ny];
    for (int i = 0; i < this.primitives.length; i++) forCells(this.primitives[i], (c, id) -> cells[c][fill[c]++] = id, i);
    cellTop = new double[nx * ny];
    for (int c = 0; c < cells.length; c++) {
      cellTop[c] = Double.NEGATIVE_INFINITY;
      for (int id : cells[c]) cellTop[c] = Math.max(cellTop[c], this.primitives[id].maxZ());
    }
  }

  private interface CellAction {
    void apply(int cell, int primitive);
  }

  private void forCells(Primitive p, CellAction action, int id) {
    int ax = clampX((int) Math.floor((p.minX() - x0) / cell)), bx = clampX((int) Math.floor((p.maxX() - x0) / cell));
    int ay = clampY((int) Math.floor((p.minY() - y0) / cell)), by = clampY((int) Math.floor((p.maxY() - y0) / cell));
    for (int iy = ay; iy <= by; iy++) for (int ix = ax; ix <= bx; ix++) action.apply(iy * nx + ix, id);
  }

  private int clampX(int i) {
    return Math.max(0, Math.min(nx - 1, i));
  }

  private int clampY(int i) {
    return Math.max(0, Math.min(ny - 1, i));
  }

  public int size() {
    return primitives.length;
  }

  /** The classes of the ground and of every primitive. */
  public java.util.Set<SceneClass> classes() {
    java.util.EnumSet<SceneClass> set = java.util.EnumSet.of(roadMaterial.sceneClass(), terrainMaterial.sceneClass());
    for (Primitive p : primitives) set.add(p.material().sceneClass());
    return set;
  }

  public RoadLayout road() {
    return road;
  }

  /** The material of HIT, whose point is (X, Y) (the ground's depends on where it was hit). */
  public Material material(Hit hit, double x, double y) {
    if (hit.primitive == GROUND) return road.isRoad(x, y) ? roadMaterial : terrainMaterial;
    return primitives[hit.primitive].material();
  }

  /** This thread's tracer (its mailbox array is as long as the world has solids, so it is made once per thread). */
  public Tracer tracer() {
    return tracers.get();
  }

  /** Per-thread ray state: the hit and a mailbox so a primitive spanning several cells is tested once per ray. */
  public final class Tracer {
    public final Hit hit = new Hit();
    private final int[] stamp = new int[primitives.length];
    private int ray;

    /** Traces the unit ray (O, D) up to T_MAX; returns whether it hit, the hit in {@link #hit}. */
    public boolean trace(double ox, double oy, double oz, double dx, double dy, double dz, double tMax) {
      Hit h = hit;
      h.reset(tMax);
      if (++ray == Integer.MAX_VALUE) {
        java.util.Arrays.fill(stamp, 0);
        ray = 1;
      }
      if (dz < 0 && oz >= 0) {
        double tg = -oz / dz;
        if (tg < h.t) {
          h.t = tg;
          h.primitive = GROUND;
          h.nx = 0;
          h.ny = 0;
          h.nz = 1;
          h.face = 2;
          h.u = ox + dx * tg;
          h.v = oy + dy * tg;
        }
      }
      double limit = h.t;
      if (dz > 0) limit = Math.min(limit, (ceiling - oz) / dz);
      walk(ox, oy, oz, dx, dy, dz, limit);
      return h.t < tMax;
    }

    private void walk(double ox, double oy, double oz, double dx, double dy, double dz, double limit) {
      // clip [0, limit] to the grid rectangle
      double tIn = 0, tOut = limit;
      double gx1 = x0 + nx * cell, gy1 = y0 + ny * cell;
      if (Math.abs(dx) < 1e-12) {
        if (ox < x0 || ox >= gx1) return;
      } else {
        double a = (x0 - ox) / dx, b = (gx1 - ox) / dx;
        tIn = Math.max(tIn, Math.min(a, b));
        tOut = Math.min(tOut, Math.max(a, b));
      }
      if (Math.abs(dy) < 1e-12) {
        if (oy < y0 || oy >= gy1) return;
      } else {
        double a = (y0 - oy) / dy, b = (gy1 - oy) / dy;
        tIn = Math.max(tIn, Math.min(a, b));
        tOut = Math.min(tOut, Math.max(a, b));
      }
      if (tIn > tOut) return;
      double sx = ox + dx * tIn, sy = oy + dy * tIn;
      int ix = clampX((int) Math.floor((sx - x0) / cell)), iy = clampY((int) Math.floor((sy - y0) / cell));
      int stepX = dx > 0 ? 1 : -1, stepY = dy > 0 ? 1 : -1;
      double tDeltaX = Math.abs(dx) < 1e-12 ? Double.POSITIVE_INFINITY : cell / Math.abs(dx);
      double tDeltaY = Math.abs(dy) < 1e-12 ? Double.POSITIVE_INFINITY : cell / Math.abs(dy);
      double tMaxX = Math.abs(dx) < 1e-12 ? Double.POSITIVE_INFINITY
          : ((x0 + (ix + (dx > 0 ? 1 : 0)) * cell) - ox) / dx;
      double tMaxY = Math.abs(dy) < 1e-12 ? Double.POSITIVE_INFINITY
          : ((y0 + (iy + (dy > 0 ? 1 : 0)) * cell) - oy) / dy;
      Hit h = hit;
      int r = ray;
      double cellEnter = tIn;
      while (true) {
        int c = iy * nx + ix;
        double cellExit = Math.min(tMaxX, tMaxY);
        // the ray's lowest point over this cell; cells whose solids all end below it hold nothing to hit
        double lowest = oz + dz * (dz > 0 ? cellEnter : Math.min(cellExit, tOut));
        if (lowest <= cellTop[c]) {
          for (int id : cells[c]) {
            if (stamp[id] == r) continue;
            stamp[id] = r;
            if (primitives[id].intersect(ox, oy, oz, dx, dy, dz, h)) h.primitive = id;
          }
        }
        cellEnter = cellExit;
        if (h.t <= cellExit || cellExit >= tOut) return;
        if (tMaxX < tMaxY) {
          ix += stepX;
          if (ix < 0 || ix >= nx) return;
          tMaxX += tDeltaX;
        } else {
          iy += stepY;
          if (iy < 0 || iy >= ny) return;
          tMaxY += tDeltaY;
        }
      }
    }
  }
}
