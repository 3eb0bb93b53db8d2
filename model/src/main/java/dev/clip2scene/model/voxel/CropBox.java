package dev.clip2scene.model.voxel;

/** An axis-aligned box in metres; points outside are dropped before voxelization. */
public record CropBox(float minX, float minY, float minZ, float maxX, float maxY, float maxZ) {
  public CropBox {
    if (!(minX < maxX && minY < maxY && minZ < maxZ)) throw new IllegalArgumentException("empty crop box " + this);
  }

  public boolean contains(float x, float y, float z) {
    return x >= minX && x < maxX && y >= minY && y < maxY && z >= minZ && z < maxZ;
  }
}
