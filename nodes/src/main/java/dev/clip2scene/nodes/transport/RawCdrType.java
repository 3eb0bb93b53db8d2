package dev.clip2scene.nodes.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import us.ihmc.idl.CDR;
import us.ihmc.idl.InterchangeSerializer;
import us.ihmc.pubsub.TopicDataType;
import us.ihmc.pubsub.common.SerializedPayload;

/**
 * A DDS type that moves raw CDR bytes under a ROS type's DDS name. It declares a maximum serialized size (the
 * reader's receive buffer): a sample above it is refused (marked on the holder for the subscriber to count and
 * log), never copied past the buffer; a writer refuses it with an {@link OversizedSampleException}. Decoding is the msgs codec's job, not this class's.
 */
public final class RawCdrType implements TopicDataType<RawCdr> {
  private static final int HEADER = 4;
  private final String ddsName;
  private final int maxBytes;

  public RawCdrType(String ddsName, int maxBytes) {
    if (maxBytes < HEADER) throw new IllegalArgumentException("maximum sample size must hold the 4-byte CDR header");
    this.ddsName = ddsName;
    this.maxBytes = maxBytes;
  }

  /** A type for ROS type "pkg/msg/Type" with MAX_BYTES as its declared maximum size. */
  public static RawCdrType forRosType(String rosType, int maxBytes) {
    return new RawCdrType(RosNames.ddsType(rosType), maxBytes);
  }

  @Override
  public void serialize(RawCdr data, SerializedPayload payload) throws IOException {
    byte[] cdr = data.bytes();
    int length = data.length();
    if (length < HEADER) throw new IOException("a CDR sample needs its 4-byte encapsulation header, got " + length + " bytes");
    if (length > maxBytes || length > payload.getMax_size()) {
      throw new OversizedSampleException(ddsName, length, Math.min(maxBytes, payload.getMax_size()));
    }
    ByteBuffer buf = payload.getData();
    buf.clear();
    buf.put(cdr, 0, length);
    payload.setEncapsulation((short) (((cdr[0] & 0xff) << 8) | (cdr[1] & 0xff)));
    payload.setLength(length);
  }

  @Override
  public void deserialize(SerializedPayload payload, RawCdr data) throws IOException {
    int n = payload.getLength();
    ByteBuffer buf = payload.getData();
    if (n > maxBytes || n > buf.limit()) {
      // marked on the holder, not thrown: the library would only print a thrown exception's stack trace
      data.refuse(n);
      return;
    }
    data.receive(buf);
  }

  @Override
  public int getTypeSize() {
    return maxBytes;
  }

  @Override
  public String getName() {
    return ddsName;
  }

  @Override
  public RawCdr createData() {
    return new RawCdr();
  }

  @Override
  public TopicDataType<RawCdr> newInstance() {
    return new RawCdrType(ddsName, maxBytes);
  }

  @Override
  public void copy(RawCdr src, RawCdr dest) {
    dest.set(java.util.Arrays.copyOf(src.bytes(), src.length()));
  }

  // The typed (IDL) paths of the interface do not apply to raw bytes.

  @Override
  public void serialize(RawCdr data, InterchangeSerializer ser) {
    throw new UnsupportedOperationException("raw CDR has no interchange form");
  }

  @Override
  public void deserialize(InterchangeSerializer ser, RawCdr data) {
    throw new UnsupportedOperationException("raw CDR has no interchange form");
  }

  @Override
  public void serialize(RawCdr data, CDR cdr) {
    throw new UnsupportedOperationException("raw CDR is copied, not field-serialized");
  }

  @Override
  public void deserialize(RawCdr data, CDR cdr) {
    throw new UnsupportedOperationException("raw CDR is copied, not field-serialized");
  }
}
