package dev.clip2scene.nodes.perception.pipeline;

/**
 * The topics around a camera's image topic, named as image_transport and camera drivers do: /cam/image_raw and
 * /cam/image_raw/compressed both belong to the camera namespace /cam, whose CameraInfo is /cam/camera_info.
 */
public final class CameraTopics {
  private static final String COMPRESSED = "/compressed";

  private CameraTopics() {}

  public static boolean isCompressed(String imageTopic) {
    return imageTopic.endsWith(COMPRESSED);
  }

  /** The camera's namespace: the image topic without its last name (and /compressed); "" at the root. */
  public static String namespace(String imageTopic) {
    String base = isCompressed(imageTopic) ? imageTopic.substring(0, imageTopic.length() - COMPRESSED.length()) : imageTopic;
    int slash = base.lastIndexOf('/');
    return slash <= 0 ? "" : base.substring(0, slash);
  }

  /** The CameraInfo topic beside an image topic: /cam/image_raw and /cam/image_raw/compressed -> /cam/camera_info. */
  public static String cameraInfo(String imageTopic) {
    return namespace(imageTopic) + "/camera_info";
  }

  /** The label overlay topic of a camera: /cam/image_raw -> /cam/clip2scene_overlay. */
  public static String overlay(String imageTopic) {
    return namespace(imageTopic) + "/clip2scene_overlay";
  }
}
