package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import java.util.List;

/** rcl_interfaces/ParameterDescriptor; each range list holds at most one element. */
public record ParameterDescriptor(String name, int type, String description, String additionalConstraints,
    boolean readOnly, boolean dynamicTyping, List<FloatingPointRange> floatingPointRange,
    List<IntegerRange> integerRange) {
  public ParameterDescriptor {
    floatingPointRange = List.copyOf(floatingPointRange);
    integerRange = List.copyOf(integerRange);
    if (floatingPointRange.size() > 1 || integerRange.size() > 1) {
      throw new IllegalArgumentException("a parameter descriptor holds at most one range of each kind");
    }
  }

  public static final CdrCodec<ParameterDescriptor> CDR = new CdrCodec<>() {
    @Override
    public ParameterDescriptor read(CdrReader in) {
      String name = in.string("name");
      int type = in.uint8("type");
      String description = in.string("description");
      String constraints = in.string("additional_constraints");
      boolean readOnly = in.bool("read_only");
      boolean dynamicTyping = in.bool("dynamic_typing");
      List<FloatingPointRange> floating = atMostOne(in, "floating_point_range", FloatingPointRange.CDR);
      List<IntegerRange> integer = atMostOne(in, "integer_range", IntegerRange.CDR);
      return new ParameterDescriptor(name, type, description, constraints, readOnly, dynamicTyping, floating, integer);
    }

    private <T> List<T> atMostOne(CdrReader in, String field, CdrCodec<T> codec) {
      List<T> v = in.sequence(field, codec);
      if (v.size() > 1) throw in.error(field, "a bounded sequence [<=1] holds " + v.size() + " elements");
      return v;
    }

    @Override
    public void write(CdrWriter out, ParameterDescriptor v) {
      out.string(v.name).uint8(v.type).string(v.description).string(v.additionalConstraints).bool(v.readOnly)
          .bool(v.dynamicTyping).sequence(FloatingPointRange.CDR, v.floatingPointRange)
          .sequence(IntegerRange.CDR, v.integerRange);
    }
  };
}
