package dev.clip2scene.nodes.bag;

import dev.clip2scene.msgs.MessageTypes;
import dev.clip2scene.msgs.RosMessageType;
import dev.clip2scene.msgs.pointcloud.PointCloud2View;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.sensor.PointCloud2;

/**
 * Decodes bag messages through msgs and checks what CDR alone cannot: that an Image holds step x height bytes and
 * a PointCloud2 row_step x height (a recorder or converter that cut the data short yields valid CDR).
 */
public final class BagMessageDecoder {
  private BagMessageDecoder() {}

  public static Object decode(BagMessage m) throws MessageDecodeException {
    RosMessageType<?> type = MessageTypes.find(m.type()).orElseThrow(() -> new MessageDecodeException(m,
        "msgs has no codec for this type", null));
    Object value;
    try {
      value = type.decode(m.data());
      if (value instanceof PointCloud2 pc) PointCloud2View.of(pc);
    } catch (RuntimeException e) {
      throw new MessageDecodeException(m, e.getMessage(), e);
    }
    if (value instanceof Image img) {
      long expected = Integer.toUnsignedLong(img.step()) * Integer.toUnsignedLong(img.height());
      if (img.data().length != expected) {
        throw new MessageDecodeException(m, "field 'data' holds " + img.data().length + " bytes but step "
            + Integer.toUnsignedString(img.step()) + " x height " + Integer.toUnsignedString(img.height()) + " = "
            + expected + " (truncated image)", null);
      }
    }
    return value;
  }
}
