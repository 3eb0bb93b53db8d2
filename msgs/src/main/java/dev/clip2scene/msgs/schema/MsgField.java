package dev.clip2scene.msgs.schema;

import java.util.Set;

/**
 * One line of a .msg definition: a field or a constant. TYPE is fully qualified for messages ("std_msgs/Header")
 * and the ROS primitive name otherwise ("float64", "string"). ARRAYLENGTH: -1 scalar, 0 unbounded sequence,
 * N fixed array of N (see {@link #isFixedArray}); bounded sequences (T[<=N]) read like unbounded ones on the wire.
 */
public record MsgField(String type, String name, Kind kind, int arrayLength, String value) {
  /** Scalar, fixed array T[N], or sequence T[] / T[<=N]. */
  public enum Kind { SCALAR, FIXED_ARRAY, SEQUENCE, CONSTANT }

  private static final Set<String> PRIMITIVES = Set.of("bool", "byte", "char", "int8", "uint8", "int16", "uint16",
      "int32", "uint32", "int64", "uint64", "float32", "float64", "string", "wstring");

  public static boolean isPrimitive(String type) {
    return PRIMITIVES.contains(type);
  }

  public boolean isMessage() {
    return !isPrimitive(type);
  }

  public boolean isConstant() {
    return kind == Kind.CONSTANT;
  }
}
