package dev.clip2scene.nodes.params;

/** The ROS 2 parameter types, with the codes of rcl_interfaces/msg/ParameterType and the names `ros2 param` prints. */
public enum ParameterType {
  BOOL(1, "bool"),
  INTEGER(2, "integer"),
  DOUBLE(3, "double"),
  STRING(4, "string"),
  BOOL_ARRAY(6, "bool_array"),
  INTEGER_ARRAY(7, "integer_array"),
  DOUBLE_ARRAY(8, "double_array"),
  STRING_ARRAY(9, "string_array");

  /** rcl_interfaces/msg/ParameterType's value for "not set". */
  public static final int NOT_SET = 0;

  private final int code;
  private final String rosName;

  ParameterType(int code, String rosName) {
    this.code = code;
    this.rosName = rosName;
  }

  public int code() {
    return code;
  }

  public String rosName() {
    return rosName;
  }

  public boolean isArray() {
    return code >= BOOL_ARRAY.code;
  }

  /** The type of one element of an array type, or the type itself. */
  public ParameterType element() {
    return switch (this) {
      case BOOL_ARRAY -> BOOL;
      case INTEGER_ARRAY -> INTEGER;
      case DOUBLE_ARRAY -> DOUBLE;
      case STRING_ARRAY -> STRING;
      default -> this;
    };
  }

  /** The type with this rcl_interfaces code; BYTE_ARRAY (5) is not used by clip2scene and is refused. */
  public static ParameterType ofCode(int code) {
    for (ParameterType t : values()) if (t.code == code) return t;
    throw new IllegalArgumentException("unsupported parameter type code " + code);
  }
}
