package dev.clip2scene.model.sim;

import dev.clip2scene.model.geometry.CameraModel;
import dev.clip2scene.model.geometry.RigidTransform;

/** A camera on the ego: NAME (also its optical frame's id), its model, and MOUNT, the optical frame's pose in base_link. */
public record SimCamera(String name, CameraModel model, RigidTransform mount) {}
