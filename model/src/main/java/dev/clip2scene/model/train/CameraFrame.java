package dev.clip2scene.model.train;

import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.image.RgbImage;
import java.util.function.Supplier;

/**
 * One camera's view of a keyframe: the image topic and stamp (the teacher's cache key), the camera model, the
 * transform from the keyframe's cloud frame into the camera's optical frame at the image stamp, and the image,
 * decoded on demand (a cached teacher never needs it).
 */
public record CameraFrame(String topic, long stampNs, CameraModel camera, RigidTransform cloudToCamera, Supplier<RgbImage> image) {}
