package dev.clip2scene.nodes.cli.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.cli.Clip2SceneCommand;
import dev.clip2scene.nodes.launch.LaunchFile;
import dev.clip2scene.nodes.launch.LaunchProcess;
import dev.clip2scene.nodes.launch.LaunchRunner;
import dev.clip2scene.nodes.launch.PackageRoot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip2scene launch FILE [name:=value ...]}: runs a ROS 2 XML launch file without a ROS install. */
@Command(name = "launch", mixinStandardHelpOptions = true,
    description = "Run a ROS 2 XML launch file without a ROS install: clip2scene nodes start as child processes. "
        + "FILE is a path, or a file name in the package's launch/ folder.")
public final class LaunchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Launch file (e.g. perception.launch.xml).")
  String file;

  @Parameters(index = "1..*", paramLabel = "name:=value", description = "Launch arguments.")
  List<String> args = new ArrayList<>();

  @Option(names = "--print", description = "Show the resolved processes and exit without starting them.")
  boolean print;

  @Option(names = "--json", description = "With --print: machine-readable output.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Map<String, String> launchArgs = new LinkedHashMap<>();
    for (String a : args) {
      int at = a.indexOf(":=");
      if (at <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "launch arguments are name:=value, got '" + a + "'");
      launchArgs.put(a.substring(0, at), a.substring(at + 2));
    }
    Path root = PackageRoot.find();
    Path path = Path.of(file);
    if (!Files.exists(path) && path.getNameCount() == 1 && Files.exists(root.resolve("launch").resolve(file))) {
      path = root.resolve("launch").resolve(file);
    }
    List<LaunchProcess> processes = LaunchFile.evaluate(path, launchArgs, root, System.getenv());
    TreeSet<String> verbs = new TreeSet<>(Clip2SceneCommand.commandLine().getSubcommands().keySet());
    LaunchRunner runner = new LaunchRunner(System.out, verbs);
    if (!print) return runner.run(processes);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(processes));
    } else {
      for (LaunchProcess p : processes) {
        String missing = runner.missingVerb(p);
        out.println(p.name() + ": " + p.commandLine() + (missing == null ? "" : "\n  (not runnable here: " + missing + ")"));
      }
    }
    out.flush();
    return 0;
  }
}
