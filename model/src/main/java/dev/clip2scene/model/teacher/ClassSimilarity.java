package dev.clip2scene.model.teacher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups of classes a vision-language teacher confuses with each other (vehicles, riders and people, flat ground,
 * natural ground, roadside structures), as class ids of a vocabulary. Every class is in at most one group.
 */
public final class ClassSimilarity {
  /** The nuScenes groups by vocabulary name. */
  public static final List<List<String>> NUSCENES = List.of(
      List.of("car", "truck", "bus", "trailer", "construction vehicle"),
      List.of("pedestrian", "bicycle", "motorcycle"),
      List.of("driveable surface", "other flat", "sidewalk"),
      List.of("terrain", "vegetation"),
      List.of("barrier", "traffic cone", "manmade"));

  private final int classes;
  private final int[][] similar;

  private ClassSimilarity(int classes, int[][] similar) {
    this.classes = classes;
    this.similar = similar;
  }

  /** GROUPS of class names resolved against VOCABULARY (label order); names missing from it are skipped. */
  public static ClassSimilarity of(List<List<String>> groups, List<String> vocabulary) {
    int[][] similar = new int[vocabulary.size()][];
    for (List<String> group : groups) {
      List<Integer> ids = new ArrayList<>();
      for (String name : group) {
        int id = vocabulary.indexOf(name);
        if (id >= 0) ids.add(id);
      }
      for (int id : ids) {
        if (similar[id] != null) throw new IllegalArgumentException("class '" + vocabulary.get(id) + "' is in two groups");
        similar[id] = ids.stream().filter(o -> o != id).mapToInt(Integer::intValue).toArray();
      }
    }
    for (int c = 0; c < similar.length; c++) if (similar[c] == null) similar[c] = new int[0];
    return new ClassSimilarity(vocabulary.size(), similar);
  }

  public int classes() {
    return classes;
  }

  /** The classes similar to CLASS_ID, itself excluded (empty when it has none). */
  public int[] similarTo(int classId) {
    return similar[classId].clone();
  }

  public boolean similar(int a, int b) {
    return a != b && Arrays.stream(similar[a]).anyMatch(x -> x == b);
  }

  /** The fraction of MATRIX's errors (truth != prediction) whose prediction is similar to the truth. */
  public double similarErrorShare(dev.clip2scene.model.metrics.ConfusionMatrix matrix) {
    long wrong = 0, similarWrong = 0;
    for (int t = 0; t < matrix.classes(); t++) {
      for (int p = 0; p < matrix.classes(); p++) {
        if (t == p) continue;
        wrong += matrix.count(t, p);
        if (t < classes && p < classes && similar(t, p)) similarWrong += matrix.count(t, p);
      }
    }
    return wrong == 0 ? Double.NaN : (double) similarWrong / wrong;
  }

  /**
   * A wrong class for CLASS_ID chosen by two uniform numbers: with probability SIMILAR_SHARE (and when it has any) a
   * similar class, otherwise any other class.
   */
  public int confuse(int classId, double similarShare, double u1, double u2) {
    int[] s = similar[classId];
    if (s.length > 0 && u1 < similarShare) return s[Math.min(s.length - 1, (int) (u2 * s.length))];
    int k = Math.min(classes - 2, (int) (u2 * (classes - 1)));
    return k >= classId ? k + 1 : k;
  }
}
