package dev.clip2scene.model.infer.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Page-locked host memory the device copies from and to: its native address and a little-endian view of it. */
public record HostBuffer(long address, ByteBuffer bytes) {
  public HostBuffer {
    bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    bytes.clear();
  }

  public long size() {
    return bytes.capacity();
  }
}
