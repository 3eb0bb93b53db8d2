package dev.clip2scene.nodes.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.ihmc.pubsub.common.Guid;
import us.ihmc.pubsub.common.SampleInfo;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;

/**
 * One ROS 2 service over DDS: requests on rq/NAMERequest, replies on rr/NAMEReply. rmw implementations carry the
 * request identity differently, and the reply must carry it back:
 * <ul>
 *   <li>rmw_cyclonedds_cpp puts it in the payload: the CDR stream starts with {uint64 client id, int64 sequence
 *       number} before the request's fields, and the reply starts with the same two numbers, which the client
 *       filters on.</li>
 *   <li>rmw_fastrtps_cpp keeps the payload plain and uses RTPS sample identities: the request's related sample
 *       identity names the client's reply reader, and the reply must be written with a related sample identity of
 *       (request writer GUID, request sequence number). The DDS binding used here cannot set a written sample's
 *       related identity, so such requests are read and logged once but cannot be answered.</li>
 * </ul>
 * A request whose related sample identity is set (rmw_fastrtps_cpp sets it on every request since Humble) is in the
 * Fast-DDS form; any other is in Cyclone's.
 */
public final class ServiceServer implements AutoCloseable {
  /** Requests and replies of parameter services are small; a list of every parameter fits with room to spare. */
  public static final int MAX_BYTES = 1 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(ServiceServer.class);
  private static final int CYCLONE_HEADER = 16;
  private static final long REPLY_READER_WAIT_MILLIS = 2000;

  /** Answers one request: request CDR (encapsulation header first, identity removed) in, response CDR out. */
  public interface Handler {
    byte[] handle(byte[] request) throws Exception;
  }

  /** How a request identified itself. */
  enum RequestForm { CYCLONE, FAST_DDS }

  private final String service;
  private final DdsPublisher replies;
  private final Handler handler;
  private final Executor executor;
  private final AtomicBoolean warnedFastDds = new AtomicBoolean();
  private final TakeGate gate = new TakeGate();
  private Subscriber<RawCdr> requests;
  private DdsParticipant owner;

  ServiceServer(String service, DdsPublisher replies, Handler handler, Executor executor) {
    this.service = service;
    this.replies = replies;
    this.handler = handler;
    this.executor = executor;
  }

  void attach(Subscriber<RawCdr> requests, DdsParticipant owner) {
    this.requests = requests;
    this.owner = owner;
  }

  Guid guid() {
    return requests.getGuid();
  }

  public String service() {
    return service;
  }

  SubscriberListener<RawCdr> listener() {
    return new SubscriberListener<>() {
      private final RawCdr holder = new RawCdr();
      private final SampleInfo info = new SampleInfo();

      @Override
      public void onNewDataMessage(Subscriber<RawCdr> s) {
        try {
          if (!gate.take(() -> s.takeNextData(holder, info)) || holder.refusedBytes() > 0) return;
          byte[] payload = holder.copyOut(info.getDataLength());
          byte[] prefix = info.getSampleIdentity().getGuid().getGuidPrefix().getValue().clone();
          RequestForm form = formOf(info);
          executor.execute(() -> answer(payload, prefix, form));
        } catch (RejectedExecutionException e) {
          // closing
        } catch (RuntimeException e) {
          LOG.warn("{}: dropped a request the DDS reader could not take: {}", service, e.toString());
        }
      }

      @Override
      public void onSubscriptionMatched(Subscriber<RawCdr> s, us.ihmc.pubsub.common.MatchingInfo info) {
        // clients come and go; nothing to keep
      }
    };
  }

  static RequestForm formOf(SampleInfo info) {
    Guid related = info.getRelatedSampleIdentity().getGuid();
    boolean relatedSet = !allZero(related.getGuidPrefix().getValue()) || !allZero(related.getEntity().getValue());
    return relatedSet ? RequestForm.FAST_DDS : RequestForm.CYCLONE;
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) if (x != 0) return false;
    return true;
  }

  private void answer(byte[] payload, byte[] clientPrefix, RequestForm form) {
    if (form == RequestForm.FAST_DDS) {
      if (warnedFastDds.compareAndSet(false, true)) {
        LOG.warn("{}: a request came from an rmw_fastrtps client; its replies need an RTPS related sample identity "
            + "this DDS binding cannot write, so it gets no answer (use rmw_cyclonedds_cpp to reach this node)", service);
      }
      return;
    }
    try {
      if (payload.length < 4 + CYCLONE_HEADER) {
        LOG.warn("{}: dropped a request of {} bytes, too short for its 16-byte request header", service, payload.length);
        return;
      }
      ByteOrder order = payload[1] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      ByteBuffer in = ByteBuffer.wrap(payload).order(order);
      long client = in.getLong(4);
      long sequence = in.getLong(12);
      byte[] request = new byte[payload.length - CYCLONE_HEADER];
      System.arraycopy(payload, 0, request, 0, 4);
      System.arraycopy(payload, 4 + CYCLONE_HEADER, request, 4, payload.length - 4 - CYCLONE_HEADER);
      byte[] response = handler.handle(request);
      byte[] reply = withHeader(response, client, sequence);
      if (!replies.matched().awaitParticipant(clientPrefix, REPLY_READER_WAIT_MILLIS)) {
        LOG.warn("{}: the client's reply reader was not matched within {} ms; replying anyway", service,
            REPLY_READER_WAIT_MILLIS);
      }
      replies.publish(reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("{}: could not answer a request: {}", service, e.toString());
    }
  }

  /** RESPONSE (little-endian CDR) with Cyclone's {client id, sequence number} before its fields. */
  static byte[] withHeader(byte[] response, long client, long sequence) {
    if (response[1] != 1) throw new IllegalArgumentException("responses are written little endian");
    ByteBuffer out = ByteBuffer.allocate(response.length + CYCLONE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    out.put(response, 0, 4).putLong(client).putLong(sequence).put(response, 4, response.length - 4);
    return out.array();
  }

  @Override
  public void close() {
    owner.closed(this);
    gate.close();
    if (requests != null) owner.remove(requests);
    replies.close();
  }
}
