package dev.clip2scene.nodes.cli;

import dev.clip2scene.nodes.transport.TransportOptions;
import picocli.CommandLine;

/** {@code --domain-id N --loopback}: how a verb joins DDS (default: ROS_DOMAIN_ID and every interface). */
public final class DdsOptions {
  @CommandLine.Option(names = "--domain-id", paramLabel = "N", description = "DDS domain (default: ROS_DOMAIN_ID, else 0)")
  Integer domainId;

  @CommandLine.Option(names = "--loopback", description = "only the 127.0.0.1 interface: nothing leaves this machine")
  boolean loopback;

  public TransportOptions transport() {
    TransportOptions t = TransportOptions.fromEnvironment();
    if (domainId != null) t = t.withDomainId(domainId);
    return loopback ? t.withLoopbackOnly(true).withSharedMemory(false) : t;
  }
}
