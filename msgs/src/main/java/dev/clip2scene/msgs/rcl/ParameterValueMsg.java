package dev.clip2scene.msgs.rcl;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.cdr.ScalarCodecs;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * rcl_interfaces/ParameterValue as it is on the wire: TYPE (a ParameterType code, 0 = not set) says which one of the
 * value fields is meant; the others hold their zero values.
 */
public record ParameterValueMsg(int type, boolean boolValue, long integerValue, double doubleValue, String stringValue,
    byte[] byteArrayValue, List<Boolean> boolArrayValue, List<Long> integerArrayValue, double[] doubleArrayValue,
    List<String> stringArrayValue) {
  public static final int NOT_SET = 0;
  public static final ParameterValueMsg UNSET = new ParameterValueMsg(NOT_SET, false, 0, 0, "", new byte[0], List.of(),
      List.of(), new double[0], List.of());

  public ParameterValueMsg {
    boolArrayValue = List.copyOf(boolArrayValue);
    integerArrayValue = List.copyOf(integerArrayValue);
    stringArrayValue = List.copyOf(stringArrayValue);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterValueMsg m && type == m.type && boolValue == m.boolValue
        && integerValue == m.integerValue && Double.compare(doubleValue, m.doubleValue) == 0
        && stringValue.equals(m.stringValue) && Arrays.equals(byteArrayValue, m.byteArrayValue)
        && boolArrayValue.equals(m.boolArrayValue) && integerArrayValue.equals(m.integerArrayValue)
        && Arrays.equals(doubleArrayValue, m.doubleArrayValue) && stringArrayValue.equals(m.stringArrayValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, boolValue, integerValue, doubleValue, stringValue, Arrays.hashCode(byteArrayValue),
        boolArrayValue, integerArrayValue, Arrays.hashCode(doubleArrayValue), stringArrayValue);
  }

  @Override
  public String toString() {
    return "ParameterValue[type=" + type + ", bool=" + boolValue + ", integer=" + integerValue + ", double="
        + doubleValue + ", string=" + stringValue + ", bytes=" + Arrays.toString(byteArrayValue) + ", bools="
        + boolArrayValue + ", integers=" + integerArrayValue + ", doubles=" + Arrays.toString(doubleArrayValue)
        + ", strings=" + stringArrayValue + "]";
  }

  public static ParameterValueMsg ofBool(boolean v) {
    return new ParameterValueMsg(1, v, 0, 0, "", new byte[0], List.of(), List.of(), new double[0], List.of());
  }

  public static ParameterValueMsg ofInteger(long v) {
    return new ParameterValueMsg(2, false, v, 0, "", new byte[0], List.of(), List.of(), new double[0], List.of());
  }

  public static ParameterValueMsg ofDouble(double v) {
    return new ParameterValueMsg(3, false, 0, v, "", new byte[0], List.of(), List.of(), new double[0], List.of());
  }

  public static ParameterValueMsg ofString(String v) {
    return new ParameterValueMsg(4, false, 0, 0, v, new byte[0], List.of(), List.of(), new double[0], List.of());
  }

  public static ParameterValueMsg ofBools(List<Boolean> v) {
    return new ParameterValueMsg(6, false, 0, 0, "", new byte[0], v, List.of(), new double[0], List.of());
  }

  public static ParameterValueMsg ofIntegers(List<Long> v) {
    return new ParameterValueMsg(7, false, 0, 0, "", new byte[0], List.of(), v, new double[0], List.of());
  }

  public static ParameterValueMsg ofDoubles(double[] v) {
    return new ParameterValueMsg(8, false, 0, 0, "", new byte[0], List.of(), List.of(), v, List.of());
  }

  public static ParameterValueMsg ofStrings(List<String> v) {
    return new ParameterValueMsg(9, false, 0, 0, "", new byte[0], List.of(), List.of(), new double[0], v);
  }

  public static final CdrCodec<ParameterValueMsg> CDR = new CdrCodec<>() {
    @Override
    public ParameterValueMsg read(CdrReader in) {
      return new ParameterValueMsg(in.uint8("type"), in.bool("bool_value"), in.int64("integer_value"),
          in.float64("double_value"), in.string("string_value"), in.uint8Sequence("byte_array_value"),
          in.sequence("bool_array_value", ScalarCodecs.BOOL), in.sequence("integer_array_value", ScalarCodecs.INT64),
          in.float64Sequence("double_array_value"), in.stringSequence("string_array_value"));
    }

    @Override
    public void write(CdrWriter out, ParameterValueMsg v) {
      out.uint8(v.type).bool(v.boolValue).int64(v.integerValue).float64(v.doubleValue).string(v.stringValue)
          .uint8Sequence(v.byteArrayValue).sequence(ScalarCodecs.BOOL, v.boolArrayValue)
          .sequence(ScalarCodecs.INT64, v.integerArrayValue).float64Sequence(v.doubleArrayValue)
          .stringSequence(v.stringArrayValue);
    }
  };
}
