package dev.clip2scene.nodes.ros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.msgs.ServiceTypes.RosServiceType;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.RawPublisher;
import dev.clip2scene.nodes.transport.RawSubscriber;
import dev.clip2scene.nodes.transport.ServiceServer;
import dev.clip2scene.nodes.transport.TestDomains;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class TransportsTest {
  private static final RosNodeName NODE = new RosNodeName("/", "seg");
  private static final TransportOptions LOOPBACK = TransportOptions.loopback(TestDomains.random());

  /** A transport that only records that it was opened. */
  private static final class Opened implements NodeTransport {
    @Override public String kind() { return Transports.RCLJAVA; }
    @Override public String describe() { return "fake rcljava"; }
    @Override public RawPublisher publisher(String t, String ty, Qos q) { throw new UnsupportedOperationException(); }
    @Override public RawPublisher asyncPublisher(String t, String ty, Qos q) { throw new UnsupportedOperationException(); }
    @Override public RawSubscriber subscriber(String t, String ty, Qos q, int d) { throw new UnsupportedOperationException(); }
    @Override public AutoCloseable serviceServer(String s, RosServiceType<?, ?> t, ServiceServer.Handler h, Executor e) {
      throw new UnsupportedOperationException();
    }
    @Override public AutoCloseable announce(RosNodeName n) { return () -> { }; }
    @Override public void close() { }
  }

  private static NodeTransportProvider provider(Optional<String> unavailable, NodeTransport opens) {
    return new NodeTransportProvider() {
      @Override public String kind() { return Transports.RCLJAVA; }
      @Override public Optional<String> unavailable() { return unavailable; }
      @Override public NodeTransport open(RosNodeName node, TransportOptions options) { return opens; }
    };
  }

  @Test
  void ddsIsOpenedWithoutLookingForProviders() throws IOException {
    Transports.Opened o = Transports.open("dds", NODE, LOOPBACK, List.of(provider(Optional.empty(), new Opened())));
    try (NodeTransport t = o.transport()) {
      assertInstanceOf(DdsTransport.class, t);
      assertEquals("dds (Fast-DDS through ihmc-pub-sub, loopback only)", t.describe());
      assertTrue(o.fallbackReason().isEmpty());
    }
  }

  @Test
  void autoTakesRcljavaWhenItLoadsAndFallsBackToDdsSayingWhyWhenItDoesNot() throws IOException {
    NodeTransport fake = new Opened();
    assertSame(fake, Transports.open("auto", NODE, LOOPBACK, List.of(provider(Optional.empty(), fake))).transport());

    Transports.Opened o = Transports.open("auto", NODE, LOOPBACK, List.of(provider(Optional.of("librcljava.so: not found"), fake)));
    try (NodeTransport t = o.transport()) {
      assertInstanceOf(DdsTransport.class, t);
      assertEquals(Optional.of("librcljava.so: not found"), o.fallbackReason());
    }
    Transports.Opened none = Transports.open("auto", NODE, LOOPBACK, List.of());
    try (NodeTransport t = none.transport()) {
      assertInstanceOf(DdsTransport.class, t);
      assertTrue(none.fallbackReason().orElseThrow().startsWith("the rcljava transport is not on the class path"), none.fallbackReason().get());
    }
  }

  @Test
  void rcljavaThatCannotLoadFailsTheStartWithTheReason() {
    IOException e = assertThrows(IOException.class,
        () -> Transports.open("rcljava", NODE, LOOPBACK, List.of(provider(Optional.of("librcljava.so: not found"), new Opened()))));
    assertEquals("transport rcljava: librcljava.so: not found", e.getMessage());
    IOException missing = assertThrows(IOException.class, () -> Transports.open("rcljava", NODE, LOOPBACK, List.of()));
    assertTrue(missing.getMessage().contains("build it with -P rcljava"), missing.getMessage());
  }

  @Test
  void anUnknownChoiceIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transports.open("zenoh", NODE, LOOPBACK, List.of()));
    assertEquals("transport must be one of [dds, rcljava, auto], got 'zenoh'", e.getMessage());
  }
}
