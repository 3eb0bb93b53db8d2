package dev.clip2scene.nodes.tf;

/** A tf lookup that cannot be answered; the subclasses say why. */
public class TransformException extends RuntimeException {
  public TransformException(String message) {
    super(message);
  }

  /** Format a stamp in nanoseconds as seconds with nine decimals. */
  static String seconds(long ns) {
    return String.format("%d.%09d s", Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
  }

  /** A frame that no transform mentions. */
  public static final class UnknownFrame extends TransformException {
    private final String frame;

    public UnknownFrame(String frame) {
      super("unknown frame '" + frame + "': no transform on /tf or /tf_static names it");
      this.frame = frame;
    }

    public String frame() {
      return frame;
    }
  }

  /** Two known frames in different trees. */
  public static final class Disconnected extends TransformException {
    public Disconnected(String target, String source, String targetRoot, String sourceRoot) {
      super("frames '" + target + "' and '" + source + "' are not connected: '" + target + "' belongs to the tree "
          + "rooted at '" + targetRoot + "', '" + source + "' to the tree rooted at '" + sourceRoot + "'");
    }
  }

  /** A stamp outside the time range a dynamic edge has data for. */
  public static final class Extrapolation extends TransformException {
    private final boolean intoPast;

    public Extrapolation(String parent, String child, long requestedNs, long oldestNs, long newestNs) {
      super("lookup would extrapolate into the " + (requestedNs < oldestNs ? "past" : "future") + ": requested "
          + seconds(requestedNs) + " but " + parent + " -> " + child + " has data from " + seconds(oldestNs) + " to "
          + seconds(newestNs));
      this.intoPast = requestedNs < oldestNs;
    }

    public boolean intoPast() {
      return intoPast;
    }
  }

  /** The parent links of a frame lead back to the frame itself. */
  public static final class Loop extends TransformException {
    public Loop(String frame) {
      super("the tf tree has a loop through frame '" + frame + "'");
    }
  }
}
