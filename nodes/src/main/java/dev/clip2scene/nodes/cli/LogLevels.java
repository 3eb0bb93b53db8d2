package dev.clip2scene.nodes.cli;

import java.util.Locale;
import java.util.Set;

/**
 * How much a run of the command line logs. By default clip2scene's own loggers speak at info and third-party ones
 * (DJL, ihmc / Fast-DDS) only at error, so a newcomer does not read DJL's GPU probe or libtorch's extraction notes
 * as failures; {@code --verbose} brings every logger to info, {@code --log-level LEVEL} sets every logger to LEVEL.
 *
 * <p>slf4j-simple reads its levels from system properties once, when it makes its first logger, so {@code main}
 * applies them before anything else runs. A property the user set ({@code -Dorg.slf4j.simpleLogger...}) is kept.
 */
public final class LogLevels {
  public static final String VERBOSE = "--verbose";
  public static final String LOG_LEVEL = "--log-level";
  static final String DEFAULT_KEY = "org.slf4j.simpleLogger.defaultLogLevel";
  static final String OWN_KEY = "org.slf4j.simpleLogger.log.dev.clip2scene";
  static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");
  /** Loggers of the parts the demo runs in-process (node, bag player); its own stage lines say what they do. */
  static final Set<String> DEMO_QUIETED = Set.of("dev.clip2scene.nodes.perception", "dev.clip2scene.nodes.bag.live");

  /** The levels of one run: clip2scene's loggers, every other logger, and the loggers set to warn on their own. */
  public record Choice(String own, String thirdParty, Set<String> warnOnly) {
    /** True where the user asked for third-party output (the bin script then keeps the JVM's own warnings too). */
    public boolean verbose() {
      return !thirdParty.equals("error");
    }
  }

  private LogLevels() {}

  /**
   * The levels ARGS ask for. Only arguments before "--" or "--ros-args" count; a bad level is left for picocli to
   * report with the usage.
   */
  public static Choice from(String[] args) {
    String level = null;
    boolean verbose = false;
    String verb = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--") || a.equals("--ros-args")) break;
      if (a.equals(VERBOSE)) {
        verbose = true;
      } else if (a.equals(LOG_LEVEL) && i + 1 < args.length) {
        level = args[++i].toLowerCase(Locale.ROOT);
      } else if (a.startsWith(LOG_LEVEL + "=")) {
        level = a.substring(LOG_LEVEL.length() + 1).toLowerCase(Locale.ROOT);
      } else if (verb == null && !a.startsWith("-")) {
        verb = a;
      }
    }
    if (level != null && LEVELS.contains(level)) return new Choice(level, level, Set.of());
    if (verbose) return new Choice("info", "info", Set.of());
    return new Choice("info", "error", "demo".equals(verb) ? DEMO_QUIETED : Set.of());
  }

  /** Sets the slf4j-simple properties of CHOICE that the user has not set already. */
  public static void apply(Choice choice) {
    setIfAbsent(DEFAULT_KEY, choice.thirdParty());
    setIfAbsent(OWN_KEY, choice.own());
    for (String logger : choice.warnOnly()) setIfAbsent("org.slf4j.simpleLogger.log." + logger, "warn");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
