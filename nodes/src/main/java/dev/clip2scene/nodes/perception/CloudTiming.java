package dev.clip2scene.nodes.perception;

/**
 * When one processed cloud passed each stage, in nanoseconds since the epoch (the clock of receive times).
 *
 * @param stampNs the cloud's header stamp (identifies it)
 * @param receiveNs copied out of the DDS reader (listener thread)
 * @param dequeueNs taken from the keep-latest queue by the inference thread
 * @param inferenceStartNs decoded, NaN-filtered, transformed and paired with cameras: the network starts
 * @param inferenceEndNs labels and scores ready
 * @param publishedNs the semantic cloud encoded and handed to DDS (publish() returned)
 * @param points points in the input cloud
 */
public record CloudTiming(long stampNs, long receiveNs, long dequeueNs, long inferenceStartNs, long inferenceEndNs,
    long publishedNs, int points) {

  public double queueMs() {
    return (dequeueNs - receiveNs) / 1e6;
  }

  /** Decode, NaN filter, tf lookup and transform, camera pairing. */
  public double prepareMs() {
    return (inferenceStartNs - dequeueNs) / 1e6;
  }

  public double inferenceMs() {
    return (inferenceEndNs - inferenceStartNs) / 1e6;
  }

  /** Building, encoding and publishing the semantic cloud. */
  public double outputMs() {
    return (publishedNs - inferenceEndNs) / 1e6;
  }

  /** Receive to publish: what the node adds to the network time. */
  public double endToEndInNodeMs() {
    return (publishedNs - receiveNs) / 1e6;
  }

  /** The node's own work: receive -> publish minus queueing and inference. */
  public double overheadMs() {
    return prepareMs() + outputMs();
  }
}
