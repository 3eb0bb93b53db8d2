package dev.clip2scene.nodes.bag;

import java.nio.file.Path;

/** Reads every message of a bag and prints "messages bytes": run in a small-heap JVM by BoundedMemoryTest. */
public final class ReadAllMain {
  private ReadAllMain() {}

  public static void main(String[] args) throws Exception {
    long n = 0;
    long bytes = 0;
    try (BagReader r = BagReader.open(Path.of(args[0])); MessageCursor c = r.messages()) {
      for (BagMessage m = c.next(); m != null; m = c.next()) {
        n++;
        bytes += m.data().length;
      }
      if (!r.damage().isEmpty()) throw r.damage().get(0);
    }
    System.out.println(n + " " + bytes);
  }
}
