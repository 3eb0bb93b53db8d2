package dev.clip2scene.nodes.perception;

/**
 * When one processed cloud passed each stage, in nanoseconds since the epoch (the clock of receive times).
 *
 * @param stampNs the cloud's header stamp (identifies it)
 * @param receiveNs copied out of the DDS reader (listener thread)
 * @param dequeueNs taken from the keep-latest queue by the inference thread
 * @param decodedNs CDR decoded, x, y, z, intensity extracted, NaN points dropped
 * @param inferenceStartNs transformed to the target frame and paired with cameras: voxelization starts
 * @param voxelizedNs voxelized: the network forward starts
 * @param inferenceEndNs labels and scores ready
 * @param builtNs the semantic cloud's points written
 * @param encodedNs the semantic cloud's CDR payload complete
 * @param publishedNs handed to DDS (publish() returned)
 * @param points points in the input cloud
 */
public record CloudTiming(long stampNs, long receiveNs, long dequeueNs, long decodedNs, long inferenceStartNs,
    long voxelizedNs, long inferenceEndNs, long builtNs, long encodedNs, long publishedNs, int points) {

  public double queueMs() {
    return ms(receiveNs, dequeueNs);
  }

  /** CDR decode, x, y, z, intensity extraction, NaN filter. */
  public double decodeMs() {
    return ms(dequeueNs, decodedNs);
  }

  /** tf lookup and transform, camera pairing and projection. */
  public double pairingMs() {
    return ms(decodedNs, inferenceStartNs);
  }

  /** Decode and pairing: dequeue -> inference start. */
  public double prepareMs() {
    return ms(dequeueNs, inferenceStartNs);
  }

  /** Voxelization, network forward and classification. */
  public double inferenceMs() {
    return ms(inferenceStartNs, inferenceEndNs);
  }

  public double voxelizeMs() {
    return ms(inferenceStartNs, voxelizedNs);
  }

  /** The network forward and classification against the text embeddings. */
  public double forwardMs() {
    return ms(voxelizedNs, inferenceEndNs);
  }

  /** Writing x, y, z, intensity, label, score, rgb per point. */
  public double buildMs() {
    return ms(inferenceEndNs, builtNs);
  }

  public double encodeMs() {
    return ms(builtNs, encodedNs);
  }

  /** DDS write of the encoded cloud. */
  public double publishMs() {
    return ms(encodedNs, publishedNs);
  }

  /** Building, encoding and publishing the semantic cloud. */
  public double outputMs() {
    return ms(inferenceEndNs, publishedNs);
  }

  /** Receive to publish: what the node adds to the network time. */
  public double endToEndInNodeMs() {
    return ms(receiveNs, publishedNs);
  }

  /** The node's own work: receive -> publish minus queueing and inference. */
  public double overheadMs() {
    return prepareMs() + outputMs();
  }

  private static double ms(long fromNs, long toNs) {
    return (toNs - fromNs) / 1e6;
  }
}
