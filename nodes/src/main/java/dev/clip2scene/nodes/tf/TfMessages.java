package dev.clip2scene.nodes.tf;

import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.geometry.Transform;
import dev.clip2scene.msgs.geometry.TransformStamped;
import dev.clip2scene.msgs.geometry.Vector3;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.msgs.tf2.TFMessage;
import java.util.ArrayList;
import java.util.List;

/** Between tf2_msgs/TFMessage (the wire) and {@link StampedTransform} (the buffer). */
public final class TfMessages {
  private TfMessages() {}

  /** The edges of MSG; an edge with a non-finite or zero rotation is rejected with an IllegalArgumentException. */
  public static List<StampedTransform> edges(TFMessage msg) {
    List<StampedTransform> out = new ArrayList<>(msg.transforms().size());
    for (TransformStamped t : msg.transforms()) {
      Transform tr = t.transform();
      Quaternion q = new Quaternion(tr.rotation().x(), tr.rotation().y(), tr.rotation().z(), tr.rotation().w()).normalized();
      out.add(new StampedTransform(t.header().frameId(), t.childFrameId(), t.header().stamp().toNanos(),
          RigidTransform.of(tr.translation().x(), tr.translation().y(), tr.translation().z(), q)));
    }
    return out;
  }

  /** EDGES stamped STAMP_NS (static transforms carry the time they were published). */
  public static TFMessage message(List<StampedTransform> edges, long stampNs) {
    List<TransformStamped> list = new ArrayList<>();
    for (StampedTransform e : edges) {
      RigidTransform t = e.transform();
      list.add(new TransformStamped(new Header(Time.ofNanos(stampNs), e.parent()), e.child(), new Transform(
          new Vector3(t.translation().x(), t.translation().y(), t.translation().z()),
          new dev.clip2scene.msgs.geometry.Quaternion(t.rotation().x(), t.rotation().y(), t.rotation().z(), t.rotation().w()))));
    }
    return new TFMessage(list);
  }

  /** Adds MSG's edges to BUFFER (static ones without time); returns true when time was seen to jump backwards. */
  public static boolean addTo(TransformBuffer buffer, TFMessage msg, boolean isStatic) {
    boolean jumped = false;
    for (StampedTransform e : edges(msg)) {
      if (isStatic) buffer.addStatic(e);
      else jumped |= buffer.add(e) == TransformBuffer.Insert.STORED_AFTER_TIME_JUMP;
    }
    return jumped;
  }
}
