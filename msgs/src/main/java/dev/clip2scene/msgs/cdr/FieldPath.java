package dev.clip2scene.msgs.cdr;

import java.util.Arrays;

/** The path of the field being read or written ("header.stamp.sec", "fields[2].name"); built only for errors. */
final class FieldPath {
  private static final int NO_INDEX = -1;
  private String[] names = new String[8];
  private int[] indices = new int[8];
  private int depth;

  void push(String name) {
    if (depth == names.length) {
      names = Arrays.copyOf(names, depth * 2);
      indices = Arrays.copyOf(indices, depth * 2);
    }
    names[depth] = name;
    indices[depth] = NO_INDEX;
    depth++;
  }

  void pop() {
    depth--;
  }

  void index(int i) {
    indices[depth - 1] = i;
  }

  void unindex() {
    indices[depth - 1] = NO_INDEX;
  }

  /** The current path followed by LEAF (LEAF may be empty, or start with '[' for an element). */
  String with(String leaf) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (sb.length() > 0) sb.append('.');
      sb.append(names[i]);
      if (indices[i] != NO_INDEX) sb.append('[').append(indices[i]).append(']');
    }
    if (leaf != null && !leaf.isEmpty()) {
      if (sb.length() > 0 && leaf.charAt(0) != '[') sb.append('.');
      sb.append(leaf);
    }
    return sb.length() == 0 ? "(message)" : sb.toString();
  }
}
