package dev.clip2scene.nodes.ros;

import dev.clip2scene.msgs.rcl.FloatingPointRange;
import dev.clip2scene.msgs.rcl.IntegerRange;
import dev.clip2scene.msgs.rcl.ParameterDescriptor;
import dev.clip2scene.msgs.rcl.ParameterValueMsg;
import dev.clip2scene.nodes.params.ParameterDeclaration;
import dev.clip2scene.nodes.params.ParameterType;
import dev.clip2scene.nodes.params.ParameterValue;
import java.util.List;

/** Typed parameter values and declarations to and from their rcl_interfaces wire forms. */
public final class ParameterMessages {
  private ParameterMessages() {}

  public static ParameterValueMsg toMessage(ParameterValue v) {
    return switch (v.type()) {
      case BOOL -> ParameterValueMsg.ofBool(v.asBool());
      case INTEGER -> ParameterValueMsg.ofInteger(v.asLong());
      case DOUBLE -> ParameterValueMsg.ofDouble(v.asDouble());
      case STRING -> ParameterValueMsg.ofString(v.asString());
      case BOOL_ARRAY -> ParameterValueMsg.ofBools(v.asBools());
      case INTEGER_ARRAY -> ParameterValueMsg.ofIntegers(v.asLongs());
      case DOUBLE_ARRAY -> ParameterValueMsg.ofDoubles(v.asDoubles().stream().mapToDouble(Double::doubleValue).toArray());
      case STRING_ARRAY -> ParameterValueMsg.ofStrings(v.asStrings());
    };
  }

  /** The typed value M carries; IllegalArgumentException for "not set" and for byte arrays, which no node takes. */
  public static ParameterValue fromMessage(ParameterValueMsg m) {
    if (m.type() == ParameterValueMsg.NOT_SET) throw new IllegalArgumentException("no value (type not set)");
    ParameterType type;
    try {
      type = ParameterType.ofCode(m.type());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("parameter type " + m.type() + " is not taken by clip2scene nodes");
    }
    return switch (type) {
      case BOOL -> ParameterValue.of(m.boolValue());
      case INTEGER -> ParameterValue.of(m.integerValue());
      case DOUBLE -> ParameterValue.of(m.doubleValue());
      case STRING -> ParameterValue.of(m.stringValue());
      case BOOL_ARRAY -> ParameterValue.ofBools(m.boolArrayValue());
      case INTEGER_ARRAY -> ParameterValue.ofLongs(m.integerArrayValue());
      case DOUBLE_ARRAY -> ParameterValue.ofDoubles(java.util.Arrays.stream(m.doubleArrayValue()).boxed().toList());
      case STRING_ARRAY -> ParameterValue.ofStrings(m.stringArrayValue());
    };
  }

  /**
   * D as `ros2 param describe` shows it: a number range becomes integer_range or floating_point_range, choices and
   * list sizes go into additional_constraints, and a read-only parameter says why there.
   */
  public static ParameterDescriptor descriptor(ParameterDeclaration d) {
    List<IntegerRange> ints = List.of();
    List<FloatingPointRange> floats = List.of();
    if (d.range() != null) {
      if (d.type().element() == ParameterType.INTEGER) {
        ints = List.of(new IntegerRange((long) d.range().from(), (long) d.range().to(), 0));
      } else {
        floats = List.of(new FloatingPointRange(d.range().from(), d.range().to(), 0));
      }
    }
    StringBuilder constraints = new StringBuilder();
    if (!d.choices().isEmpty()) constraints.append("one of ").append(String.join(", ", d.choices()));
    if (!d.sizes().isEmpty()) {
      if (constraints.length() > 0) constraints.append("; ");
      constraints.append(d.sizes().stream().sorted().map(String::valueOf).reduce((a, b) -> a + " or " + b).orElseThrow())
          .append(" values");
    }
    if (!d.isLive()) {
      if (constraints.length() > 0) constraints.append("; ");
      constraints.append("read-only: ").append(d.readOnlyReason());
    }
    return new ParameterDescriptor(d.name(), d.type().code(), d.description(), constraints.toString(), !d.isLive(),
        false, floats, ints);
  }
}
