package dev.clip2scene.model.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  @Test
  void iouAndMeanByHand() {
    ConfusionMatrix cm = new ConfusionMatrix(3, 255);
    // truth:     0 0 0 1 1 2 255
    // predicted: 0 0 1 1 0 1 2
    cm.add(new int[] {0, 0, 0, 1, 1, 2, 255}, new int[] {0, 0, 1, 1, 0, 1, 2});
    // class 0: tp 2, fn 1, fp 1 -> 2/4; class 1: tp 1, fn 1, fp 2 -> 1/4; class 2: tp 0, fn 1 -> 0
    assertArrayEquals(new double[] {0.5, 0.25, 0.0}, cm.iou(), 1e-12);
    assertEquals(0.25, cm.meanIou(), 1e-12);
    assertEquals(3.0 / 6, cm.accuracy(), 1e-12);
    assertEquals(1, cm.count(2, 1));
  }

  @Test
  void absentClassesAreLeftOutOfTheMean() {
    ConfusionMatrix cm = new ConfusionMatrix(4, -1);
    cm.add(new int[] {0, 1}, new int[] {0, 1});
    assertTrue(Double.isNaN(cm.iou()[2]));
    assertEquals(1.0, cm.meanIou(), 0);
    ConfusionMatrix other = new ConfusionMatrix(4, -1);
    other.add(new int[] {3}, new int[] {0});
    cm.add(other);
    assertEquals((0.5 + 1 + 0) / 3, cm.meanIou(), 1e-12);
  }

  @Test
  void outOfRangeLabelsAreNamed() {
    ConfusionMatrix cm = new ConfusionMatrix(2, -1);
    var e = assertThrows(IllegalArgumentException.class, () -> cm.add(new int[] {0, 1}, new int[] {0, 2}));
    assertEquals("point 1: prediction 2 outside [0, 2)", e.getMessage());
  }
}
