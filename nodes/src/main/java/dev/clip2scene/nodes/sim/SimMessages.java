package dev.clip2scene.nodes.sim;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.sim.CameraFrame;
import dev.clip2scene.model.sim.LidarSweep;
import dev.clip2scene.model.sim.SceneClass;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.cdr.ByteOrderAccess;
import dev.clip2scene.msgs.clip2scene.LabelClass;
import dev.clip2scene.msgs.clip2scene.LabelMap;
import dev.clip2scene.msgs.geometry.Quaternion;
import dev.clip2scene.msgs.geometry.Transform;
import dev.clip2scene.msgs.geometry.TransformStamped;
import dev.clip2scene.msgs.geometry.Vector3;
import dev.clip2scene.msgs.sensor.CameraInfo;
import dev.clip2scene.msgs.sensor.Image;
import dev.clip2scene.msgs.sensor.PointCloud2;
import dev.clip2scene.msgs.sensor.PointField;
import dev.clip2scene.msgs.sensor.RegionOfInterest;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.msgs.tf2.TFMessage;
import dev.clip2scene.nodes.tf.StampedTransform;
import java.util.ArrayList;
import java.util.List;

/** The ROS messages of simulated data: clouds with ground truth, images, label images, camera info, tf. */
public final class SimMessages {
  public static final int X = 0, Y = 4, Z = 8, INTENSITY = 12, T = 16, LABEL = 20, RING = 22, POINT_STEP = 24;

  /** x, y, z, intensity (0-255), t (seconds after the stamp), label (class id), ring (beam index). */
  public static final List<PointField> FIELDS = List.of(
      new PointField("x", X, PointField.FLOAT32, 1),
      new PointField("y", Y, PointField.FLOAT32, 1),
      new PointField("z", Z, PointField.FLOAT32, 1),
      new PointField("intensity", INTENSITY, PointField.FLOAT32, 1),
      new PointField("t", T, PointField.FLOAT32, 1),
      new PointField("label", LABEL, PointField.UINT16, 1),
      new PointField("ring", RING, PointField.UINT16, 1));

  private SimMessages() {}

  public static Header header(long stampNs, String frame) {
    return new Header(Time.ofNanos(stampNs), frame);
  }

  public static PointCloud2 cloud(LidarSweep s, Header header) {
    byte[] data = new byte[s.count() * POINT_STEP];
    float[] xyz = s.xyz();
    for (int i = 0, at = 0; i < s.count(); i++, at += POINT_STEP) {
      ByteOrderAccess.putFloat(data, at + X, xyz[3 * i], true);
      ByteOrderAccess.putFloat(data, at + Y, xyz[3 * i + 1], true);
      ByteOrderAccess.putFloat(data, at + Z, xyz[3 * i + 2], true);
      ByteOrderAccess.putFloat(data, at + INTENSITY, s.intensity()[i], true);
      ByteOrderAccess.putFloat(data, at + T, s.time()[i], true);
      ByteOrderAccess.putShort(data, at + LABEL, s.label()[i], true);
      ByteOrderAccess.putShort(data, at + RING, s.ring()[i], true);
    }
    return new PointCloud2(header, 1, s.count(), FIELDS, false, POINT_STEP, data.length, data, true);
  }

  public static Image rgb(CameraFrame f, Header header) {
    int w = f.image().width();
    return new Image(header, f.image().height(), w, "rgb8", 0, 3 * w, f.image().rgb());
  }

  /** The ground-truth label image: mono8 class ids, {@value dev.clip2scene.model.loss.PseudoLabels#IGNORE_STORED} where no class (sky). */
  public static Image labels(CameraFrame f, Header header) {
    int w = f.image().width();
    return new Image(header, f.image().height(), w, "mono8", 0, w, f.labels());
  }

  public static CameraInfo cameraInfo(CameraCalibration c, Header header) {
    return new CameraInfo(header, c.height(), c.width(), c.distortionModel(), c.d(), c.k(), c.r(), c.p(), 0, 0,
        new RegionOfInterest(0, 0, 0, 0, false));
  }

  public static TransformStamped transform(long stampNs, String parent, String child, RigidTransform t) {
    var q = t.rotation();
    var v = t.translation();
    return new TransformStamped(header(stampNs, parent), child,
        new Transform(new Vector3(v.x(), v.y(), v.z()), new Quaternion(q.x(), q.y(), q.z(), q.w())));
  }

  public static TFMessage statics(List<StampedTransform> edges, long stampNs) {
    List<TransformStamped> list = new ArrayList<>();
    for (StampedTransform e : edges) list.add(transform(stampNs, e.parent(), e.child(), e.transform()));
    return new TFMessage(list);
  }

  /** The class names by label id, with display colours. */
  public static LabelMap labelMap(long stampNs) {
    List<LabelClass> classes = new ArrayList<>();
    for (SceneClass c : SceneClass.values()) {
      int rgb = ClassColours.rgb(c.id());
      classes.add(new LabelClass(c.id(), c.vocabularyName(), rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
    }
    return new LabelMap(header(stampNs, ""), classes);
  }
}
