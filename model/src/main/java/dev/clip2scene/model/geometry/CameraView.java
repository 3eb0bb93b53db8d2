package dev.clip2scene.model.geometry;

import java.util.Objects;

/**
 * One camera as seen from a point cloud: its model, the transform from the cloud's frame to the camera's optical
 * frame (tf at the image stamp), and optionally a sensor depth image (metres, row-major, the image's size) for the
 * depth-map occlusion test; null when there is none.
 */
public record CameraView(CameraModel model, RigidTransform cloudToCamera, float[] depthImage) {
  public CameraView {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(cloudToCamera, "cloudToCamera");
    if (depthImage != null && depthImage.length != model.width() * model.height()) {
      throw new IllegalArgumentException("depth image has " + depthImage.length + " values, the camera is "
          + model.width() + "x" + model.height());
    }
  }

  public CameraView(CameraModel model, RigidTransform cloudToCamera) {
    this(model, cloudToCamera, null);
  }
}
