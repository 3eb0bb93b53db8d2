package dev.clip2scene.nodes.dataset.kitti;

import java.nio.file.Path;

/**
 * One scan of a KITTI layout and what goes with it: the colour image (null for LiDAR-only folders), the
 * SemanticKITTI labels (null when absent) and the calibration (null without images).
 */
public record KittiFrame(String id, long stampNs, Path velodyne, Path image, long imageStampNs, Path labels,
    KittiCalibration calibration) {}
