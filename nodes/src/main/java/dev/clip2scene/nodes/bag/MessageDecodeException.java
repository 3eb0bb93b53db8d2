package dev.clip2scene.nodes.bag;

/** A bag message that msgs cannot decode, or whose decoded content contradicts itself (e.g. a truncated image). */
public final class MessageDecodeException extends Exception {
  public MessageDecodeException(BagMessage m, String problem, Throwable cause) {
    super("topic " + m.topic() + " (" + m.type() + ") at log time " + m.logTimeNs() + " ns: " + problem, cause);
  }
}
