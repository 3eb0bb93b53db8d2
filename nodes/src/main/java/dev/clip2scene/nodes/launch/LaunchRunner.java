package dev.clip2scene.nodes.launch;

import dev.clip2scene.model.infer.CpuEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts a launch file's processes as children, forwards their output line by line prefixed with "[name] ",
 * and stops them all when one fails, when all have ended, or on Ctrl-C (a shutdown hook). clip2scene nodes run as
 * {@code java -cp <this classpath> ...Clip2SceneCommand VERB ...}.
 */
public final class LaunchRunner {
  private static final long STOP_GRACE_MS = 5000;

  private final PrintStream out;
  private final Set<String> availableVerbs;

  /** AVAILABLE_VERBS: the top-level verbs this build has (unknown verbs are reported before anything starts). */
  public LaunchRunner(PrintStream out, Set<String> availableVerbs) {
    this.out = out;
    this.availableVerbs = availableVerbs;
  }

  /** Why P cannot run in this build (a clip2scene verb it does not have), or null. */
  public String missingVerb(LaunchProcess p) {
    if (!p.isClip2SceneNode() || availableVerbs.contains(p.command().get(1))) return null;
    return p.origin() + ": executable '" + p.exec() + "' runs `clip2scene " + p.command().get(1)
        + "`, which this build of clip2scene does not have (verbs: " + String.join(", ", availableVerbs) + ")";
  }

  /** Fails with a clear message if a clip2scene node names a verb this build does not have. */
  public void checkVerbs(List<LaunchProcess> processes) {
    for (LaunchProcess p : processes) {
      String missing = missingVerb(p);
      if (missing != null) throw new LaunchException(missing);
    }
  }

  /** The argument vector that really runs P. */
  static List<String> argv(LaunchProcess p) {
    if (!p.isClip2SceneNode()) return p.command();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a node gets the CPU engine whenever its launcher has it (else it would fall back to the slow DJL engine)
    if (CpuEngine.available()) cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.clip2scene.nodes.cli.Clip2SceneCommand");
    cmd.addAll(p.command().subList(1, p.command().size()));
    return cmd;
  }

  /** Runs PROCESSES to the end; returns 0 when all exited 0, else 1 (the others are stopped). */
  public int run(List<LaunchProcess> processes) throws InterruptedException {
    checkVerbs(processes);
    List<Process> started = new ArrayList<>();
    Thread hook = new Thread(() -> stopAll(started), "launch-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      for (LaunchProcess p : processes) {
        Process proc;
        try {
          proc = new ProcessBuilder(argv(p)).redirectErrorStream(true).start();
        } catch (IOException e) {
          stopAll(started);
          throw new LaunchException(p.origin() + ": cannot start " + p.commandLine() + ": " + e.getMessage(), e);
        }
        started.add(proc);
        forward(p, proc);
        out.println("[launch] started " + p.name() + " (pid " + proc.pid() + ")");
      }
      int failed = waitForFirstFailure(processes, started);
      stopAll(started);
      return failed;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook is stopping the children
      }
    }
  }

  private int waitForFirstFailure(List<LaunchProcess> processes, List<Process> started) throws InterruptedException {
    while (true) {
      boolean anyAlive = false;
      for (int i = 0; i < started.size(); i++) {
        Process proc = started.get(i);
        if (proc.isAlive()) {
          anyAlive = true;
        } else if (proc.exitValue() != 0) {
          out.println("[launch] " + processes.get(i).name() + " exited with code " + proc.exitValue() + "; stopping the others");
          return 1;
        }
      }
      if (!anyAlive) return 0;
      Thread.sleep(100);
    }
  }

  private void forward(LaunchProcess p, Process proc) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) out.println("[" + p.name() + "] " + line);
      } catch (IOException e) {
        out.println("[" + p.name() + "] (output closed: " + e.getMessage() + ")");
      }
    }, "launch-output-" + p.name());
    t.setDaemon(true);
    t.start();
  }

  private static void stopAll(List<Process> started) {
    for (Process p : started) if (p.isAlive()) p.destroy();
    long deadline = System.currentTimeMillis() + STOP_GRACE_MS;
    for (Process p : started) {
      try {
        if (!p.waitFor(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
