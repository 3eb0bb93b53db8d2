package dev.clip2scene.nodes.perception.pipeline;

/**
 * When one processed cloud passed each stage, in nanoseconds since the epoch (the clock of receive times).
 *
 * @param stampNs the cloud's header stamp (identifies it)
 * @param receiveNs copied out of the DDS reader (listener thread)
 * @param dequeueNs taken from the keep-latest queue by the inference thread
 * @param decodedNs CDR decoded, x, y, z, intensity extracted, NaN points dropped
 * @param pairedNs transformed to the target frame, paired with cameras and projected into those due
 * @param inferenceStartNs image features computed (fusion): voxelization starts
 * @param voxelizedNs voxelized: the network forward starts
 * @param inferenceEndNs labels and scores ready
 * @param fusedNs image labels merged in (fusion)
 * @param builtNs the semantic cloud's points written
 * @param encodedNs the semantic cloud's CDR payload complete
 * @param publishedNs handed to the output (publish() returned)
 * @param overlaidNs label overlays painted and handed to the output
 * @param points points in the input cloud
 */
public record CloudTiming(long stampNs, long receiveNs, long dequeueNs, long decodedNs, long pairedNs,
    long inferenceStartNs, long voxelizedNs, long inferenceEndNs, long fusedNs, long builtNs, long encodedNs,
    long publishedNs, long overlaidNs, int points) {

  public double queueMs() {
    return ms(receiveNs, dequeueNs);
  }

  /** CDR decode, x, y, z, intensity extraction, NaN filter. */
  public double decodeMs() {
    return ms(dequeueNs, decodedNs);
  }

  /** tf lookup and transform, camera pairing and projection. */
  public double pairingMs() {
    return ms(decodedNs, pairedNs);
  }

  /** Decode and pairing: dequeue -> paired. */
  public double prepareMs() {
    return ms(dequeueNs, pairedNs);
  }

  /** Dense image features of the paired images (the teacher; zero with fusion off). */
  public double imageFeaturesMs() {
    return ms(pairedNs, inferenceStartNs);
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

  /** Merging image labels into the network's (zero with fusion off). */
  public double fuseMs() {
    return ms(inferenceEndNs, fusedNs);
  }

  /** Writing x, y, z, intensity, label, score, rgb per point. */
  public double buildMs() {
    return ms(fusedNs, builtNs);
  }

  public double encodeMs() {
    return ms(builtNs, encodedNs);
  }

  /** Output of the encoded cloud (the DDS write in the node). */
  public double publishMs() {
    return ms(encodedNs, publishedNs);
  }

  /** Building, encoding and publishing the semantic cloud. */
  public double outputMs() {
    return ms(fusedNs, publishedNs);
  }

  /** Label overlays of every camera due one (after the cloud was published). */
  public double overlaysMs() {
    return ms(publishedNs, overlaidNs);
  }

  /** Receive to publish: what the node adds to the network time. */
  public double endToEndInNodeMs() {
    return ms(receiveNs, publishedNs);
  }

  /** The node's own work: receive -> publish minus queueing, image features and inference. */
  public double overheadMs() {
    return prepareMs() + fuseMs() + outputMs();
  }

  private static double ms(long fromNs, long toNs) {
    return (toNs - fromNs) / 1e6;
  }
}
