package dev.clip2scene.nodes.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.fusion.FusionMode;
import dev.clip2scene.nodes.params.ParameterException;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.nodes.perception.pipeline.CameraTopics;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerceptionSettingsTest {

  @Test
  void overridesRemapsAndCameraTopics() {
    PerceptionSettings s = PerceptionSettings.from(RosArgs.parse("--ros-args", "-r", "__node:=lidar_seg",
        "-r", "/points:=/velodyne_points", "-p", "camera_topics:=[/cam_front/image_raw/compressed, /cam_left/image_raw]",
        "-p", "queue_depth:=3", "-p", "target_frame:=base_link", "-p", "cloud_reliability:=reliable"));
    assertEquals("lidar_seg", s.nodeName());
    assertTrue(s.reliableClouds());
    assertFalse(PerceptionSettings.from(RosArgs.parse("--ros-args")).reliableClouds(), "sensor-data profile by default");
    assertEquals("/velodyne_points", s.cloudTopic());
    assertEquals(3, s.queueDepth());
    assertEquals("base_link", s.targetFrame());
    assertEquals(List.of("/cam_front/image_raw/compressed", "/cam_left/image_raw"), s.cameraTopics());
    assertEquals("/cam_front/camera_info", CameraTopics.cameraInfo(s.cameraTopics().get(0)));
    assertTrue(CameraTopics.isCompressed(s.cameraTopics().get(0)));
    assertEquals("/cam_front/clip2scene_overlay", CameraTopics.overlay(s.cameraTopics().get(0)));
    assertEquals("/cam_left/camera_info", CameraTopics.cameraInfo(s.cameraTopics().get(1)));
    assertEquals("/cam_left/clip2scene_overlay", CameraTopics.overlay(s.cameraTopics().get(1)));
    assertEquals(512, s.randomNetwork().outputDim());
  }

  @Test
  void badValuesNameTheParameter() {
    assertTrue(assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "queue_depth:=0")))
        .getMessage().contains("queue_depth"));
    assertTrue(assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "cloud_reliability:=sometimes")))
        .getMessage().contains("cloud_reliability"));
    assertTrue(assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "crop_box:=[1, 2]")))
        .getMessage().contains("crop_box"));
    assertTrue(assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "publish_calibration:=sometimes")))
        .getMessage().contains("publish_calibration"));
    assertTrue(assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "network:=resnet")).randomNetwork())
        .getMessage().contains("network"));
    assertTrue(assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "fusion:=maybe")))
        .getMessage().contains("fusion"));
  }

  @Test
  void fusionIsOffEnsembleOrImage() {
    assertEquals(FusionMode.OFF, PerceptionSettings.from(RosArgs.parse()).fusion());
    assertEquals(FusionMode.OFF, PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "fusion:=off")).fusion());
    assertEquals(FusionMode.ENSEMBLE, PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "fusion:=ensemble", "-p", "clip_weights:=/w.safetensors"))
        .fusion());
    String on = assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "fusion:=true"))).getMessage();
    assertTrue(on.contains("'fusion'") && on.contains("expected a string"), on);
  }

  @Test
  void deviceAndPrecisionAreCheckedAtStart() {
    PerceptionSettings s = PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "device:=cuda:1", "-p", "precision:=float32"));
    assertEquals("cuda:1", s.deviceChoice().describe());
    assertEquals("float32", s.deviceChoice().precision());
    assertEquals("auto", PerceptionSettings.from(RosArgs.parse()).deviceChoice().describe());
    ParameterException e = assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "device:=gpu")));
    assertTrue(e.getMessage().contains("'device'") && e.getMessage().contains("auto, cpu, cuda or cuda:N"), e.getMessage());
  }
}
