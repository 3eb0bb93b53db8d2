package dev.clip2scene.rcljava;

import dev.clip2scene.msgs.rosidljava.RosidlJavaCodec;
import dev.clip2scene.nodes.transport.ServiceServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ros2.rcljava.consumers.TriConsumer;
import org.ros2.rcljava.interfaces.MessageDefinition;
import org.ros2.rcljava.service.RMWRequestId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's callback: the request object to CDR, the handler on its executor (so that requests keep one order
 * with whatever else runs there), its CDR into the response object rcljava then sends. A failed handler leaves the
 * response at its defaults and is logged: rcl has no error reply.
 */
final class ServiceCall implements TriConsumer<RMWRequestId, MessageDefinition, MessageDefinition> {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceCall.class);
  private static final long ANSWER_WAIT_S = 30;
  private final String service;
  private final RosidlJavaCodec request;
  private final RosidlJavaCodec response;
  private final ServiceServer.Handler handler;
  private final Executor worker;

  ServiceCall(String service, RosidlJavaCodec request, RosidlJavaCodec response, ServiceServer.Handler handler, Executor worker) {
    this.service = service;
    this.request = request;
    this.response = response;
    this.handler = handler;
    this.worker = worker;
  }

  @Override
  public void accept(RMWRequestId id, MessageDefinition in, MessageDefinition out) {
    try {
      byte[] q = request.encode(in);
      CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
        try {
          return handler.handle(q);
        } catch (Exception e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }, worker);
      byte[] r = answer.get(ANSWER_WAIT_S, TimeUnit.SECONDS);
      response.decodeInto(r, r.length, out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      LOG.warn("{}: request not answered: {}", service, cause.toString());
    }
  }
}
