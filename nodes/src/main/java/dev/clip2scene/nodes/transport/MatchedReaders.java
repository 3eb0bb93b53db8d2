package dev.clip2scene.nodes.transport;

import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.publisher.Publisher;
import us.ihmc.pubsub.publisher.PublisherListener;

/** The readers a writer has matched, by GUID, kept current from the writer's matching callbacks. */
final class MatchedReaders implements PublisherListener {
  private final Set<String> guids = new HashSet<>();

  @Override
  public void onPublicationMatched(Publisher publisher, MatchingInfo info) {
    String guid = key(info.getGuid().getGuidPrefix().getValue(), info.getGuid().getEntity().getValue());
    synchronized (this) {
      if (info.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING) guids.add(guid);
      else guids.remove(guid);
      notifyAll();
    }
  }

  synchronized int count() {
    return guids.size();
  }

  /**
   * Waits up to TIMEOUT_MILLIS until a reader of the participant with GUID prefix PREFIX (12 bytes) is matched; a
   * service client's reply reader lives in the participant of its request writer. False on timeout.
   */
  synchronized boolean awaitParticipant(byte[] prefix, long timeoutMillis) throws InterruptedException {
    String want = key(prefix, new byte[0]);
    long end = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (guids.stream().noneMatch(g -> g.startsWith(want))) {
      long left = (end - System.nanoTime()) / 1_000_000L;
      if (left <= 0) return false;
      wait(left);
    }
    return true;
  }

  private static String key(byte[] prefix, byte[] entity) {
    return HexFormat.of().formatHex(prefix) + HexFormat.of().formatHex(entity);
  }
}
