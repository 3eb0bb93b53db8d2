package dev.clip2scene.nodes.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.nodes.params.ParameterException;
import dev.clip2scene.nodes.params.RosArgs;
import dev.clip2scene.testkit.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerceptionSettingsTest {

  @Test
  void shippedParamsFileHoldsTheDefaults() {
    String file = Fixtures.root().resolve("launch/perception.params.yaml").toString();
    assertEquals(PerceptionSettings.from(RosArgs.parse()), PerceptionSettings.from(RosArgs.parse("--ros-args", "--params-file", file)));
  }

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
    assertEquals("/cam_front/camera_info", PerceptionSettings.cameraInfoTopic(s.cameraTopics().get(0)));
    assertTrue(PerceptionSettings.isCompressed(s.cameraTopics().get(0)));
    assertEquals("/cam_left/camera_info", PerceptionSettings.cameraInfoTopic(s.cameraTopics().get(1)));
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
  void deviceAndPrecisionAreCheckedAtStart() {
    PerceptionSettings s = PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "device:=cuda:1", "-p", "precision:=float32"));
    assertEquals("cuda:1", s.deviceChoice().describe());
    assertEquals("float32", s.deviceChoice().precision());
    assertEquals("auto", PerceptionSettings.from(RosArgs.parse()).deviceChoice().describe());
    ParameterException e = assertThrows(ParameterException.class, () -> PerceptionSettings.from(RosArgs.parse("--ros-args", "-p", "device:=gpu")));
    assertTrue(e.getMessage().contains("'device'") && e.getMessage().contains("auto, cpu, cuda or cuda:N"), e.getMessage());
  }
}
