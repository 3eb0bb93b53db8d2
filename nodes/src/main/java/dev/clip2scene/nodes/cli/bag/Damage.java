package dev.clip2scene.nodes.cli.bag;

import dev.clip2scene.nodes.bag.BagFormatException;
import java.io.PrintWriter;
import java.util.List;

/** Prints what a bag reader found damaged, after the output it could still produce. */
final class Damage {
  static final int OK = 0;
  static final int FAILED = 1;

  private Damage() {}

  /** One line per problem on ERR; returns the exit code (1 when there was damage). */
  static int report(String verb, List<BagFormatException> damage, PrintWriter err) {
    for (BagFormatException e : damage) err.println(verb + ": damaged: " + e.getMessage());
    err.flush();
    return damage.isEmpty() ? OK : FAILED;
  }
}
