package dev.clip2scene.nodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which log levels a command line asks for (DemoCommandTest checks what a default demo run prints). */
class LogLevelsTest {
  @Test
  void thirdPartyLoggersSpeakOnlyAtErrorUnlessAsked() {
    LogLevels.Choice quiet = LogLevels.from(new String[] {"perception", "--ros-args", "-p", "model:=m"});
    assertEquals(new LogLevels.Choice("info", "error", Set.of()), quiet);
    assertFalse(quiet.verbose());
    assertEquals(new LogLevels.Choice("info", "info", Set.of()), LogLevels.from(new String[] {"perception", "--verbose"}));
    assertTrue(LogLevels.from(new String[] {"--verbose", "demo"}).verbose());
    assertEquals(new LogLevels.Choice("debug", "debug", Set.of()), LogLevels.from(new String[] {"bag", "play", "b", "--log-level", "DEBUG"}));
    assertEquals(new LogLevels.Choice("warn", "warn", Set.of()), LogLevels.from(new String[] {"--log-level=warn", "sim"}));
  }

  @Test
  void theDemoQuietsTheNodeAndPlayerItRunsAndRosArgumentsAreNotOurs() {
    assertEquals(LogLevels.DEMO_QUIETED, LogLevels.from(new String[] {"demo", "--out", "x"}).warnOnly());
    assertEquals(Set.of(), LogLevels.from(new String[] {"bench", "learning"}).warnOnly());
    // ROS's own --log-level after --ros-args, and a bad level (picocli reports it), leave the defaults
    assertEquals(new LogLevels.Choice("info", "error", Set.of()),
        LogLevels.from(new String[] {"perception", "--ros-args", "--log-level", "debug"}));
    assertEquals(new LogLevels.Choice("info", "error", Set.of()), LogLevels.from(new String[] {"sim", "--log-level", "loud"}));
  }
}
