package dev.clip2scene.msgs;

import dev.clip2scene.msgs.cdr.CdrCodec;
import dev.clip2scene.msgs.cdr.CdrReader;
import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.schema.InterfaceCatalog;
import java.nio.ByteOrder;

/** A {@link RosMessageType} backed by a record's codec and the .msg definitions shipped in this jar. */
final class MessageType<T> implements RosMessageType<T> {
  private final String name;
  private final Class<T> javaType;
  private final CdrCodec<T> codec;
  private volatile String schemaText;

  MessageType(String name, Class<T> javaType, CdrCodec<T> codec) {
    this.name = name;
    this.javaType = javaType;
    this.codec = codec;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String ddsTypeName() {
    return DdsTypeNames.of(name);
  }

  @Override
  public String schemaText() {
    String s = schemaText;
    if (s == null) schemaText = s = InterfaceCatalog.schemaText(name);
    return s;
  }

  @Override
  public Class<T> javaType() {
    return javaType;
  }

  @Override
  public CdrCodec<T> codec() {
    return codec;
  }

  @Override
  public T decode(byte[] payload) {
    CdrReader in = CdrReader.of(payload, name);
    T value = codec.read(in);
    in.finish();
    return value;
  }

  @Override
  public byte[] encode(T value, ByteOrder order) {
    CdrWriter out = new CdrWriter(order);
    codec.write(out, value);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return name;
  }
}
