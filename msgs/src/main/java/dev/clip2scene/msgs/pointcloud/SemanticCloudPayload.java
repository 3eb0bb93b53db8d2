package dev.clip2scene.msgs.pointcloud;

import static dev.clip2scene.msgs.pointcloud.SemanticCloudBuilder.FIELDS;
import static dev.clip2scene.msgs.pointcloud.SemanticCloudBuilder.POINT_STEP;

import dev.clip2scene.msgs.cdr.CdrWriter;
import dev.clip2scene.msgs.sensor.PointCloud2Ref;
import dev.clip2scene.msgs.std.Header;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The semantic cloud of {@link SemanticCloudBuilder}'s layout written straight into its PointCloud2 CDR payload
 * (little endian), in one buffer kept from cloud to cloud: the points are written once, where they are sent from,
 * and nothing is allocated per cloud once the buffer has grown to the largest cloud. Not thread-safe.
 *
 * <p>Use: {@link #start}, {@link #add} every point, {@link #finish}; the payload is then the first
 * {@link #length()} bytes of {@link #buffer()}, valid until the next start.
 */
public final class SemanticCloudPayload {
  /** Room for the fields before the point data: header, field list and the counts (a few hundred bytes). */
  private static final int LAYOUT_BYTES = 512;
  private static final int MAX_POINTS = (Integer.MAX_VALUE - 64 - LAYOUT_BYTES) / POINT_STEP;

  private byte[] buffer = new byte[0];
  private int dataStart;
  private int points;
  private int added;
  private int length;
  private boolean dense;

  /** Begins a cloud of POINTS points stamped with HEADER, typically the input cloud's header. */
  public void start(Header header, int points) {
    if (points < 0 || points > MAX_POINTS) throw new IllegalArgumentException(points + " points do not fit one payload");
    long frameBytes = header.frameId().getBytes(StandardCharsets.UTF_8).length;
    long needed = (long) points * POINT_STEP + LAYOUT_BYTES + frameBytes;
    if (needed > Integer.MAX_VALUE - 64) throw new IllegalArgumentException("frame_id of " + frameBytes + " bytes is too long");
    if (buffer.length < needed) buffer = new byte[(int) needed];
    CdrWriter out = new CdrWriter(ByteOrder.LITTLE_ENDIAN, buffer);
    PointCloud2Ref.writeLayout(out, header, 1, points, FIELDS, false, POINT_STEP, points * POINT_STEP);
    out.sequenceLength(points * POINT_STEP);
    dataStart = out.reserve(points * POINT_STEP);
    out.bool(true); // is_dense, set by finish()
    buffer = out.buffer();
    length = out.size();
    this.points = points;
    added = 0;
    dense = true;
  }

  /** Writes the next point; LABEL must be a uint16, RGB is 0x00RRGGBB. */
  public void add(float x, float y, float z, float intensity, int label, float score, int rgb) {
    if (added == points) throw new IllegalStateException("the cloud was started with " + points + " points");
    dense &= SemanticCloudBuilder.writePoint(buffer, dataStart + added * POINT_STEP, x, y, z, intensity, label, score, rgb);
    added++;
  }

  /** Completes the payload once every point is written; returns its length. */
  public int finish() {
    if (length == 0) throw new IllegalStateException("no cloud started");
    if (added != points) throw new IllegalStateException(added + " of " + points + " points written");
    buffer[length - 1] = (byte) (dense ? 1 : 0);
    return length;
  }

  /** The array holding the payload (its first {@link #length()} bytes); replaced when a larger cloud needs room. */
  public byte[] buffer() {
    return buffer;
  }

  public int length() {
    return length;
  }
}
