package dev.clip2scene.nodes.cli.clip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** {@code --out DIR} and {@code --json}, shared by the clip verbs that write files. */
final class OutputOptions {
  @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
  Path dir;

  @CommandLine.Option(names = "--json", description = "print a JSON summary")
  boolean json;

  /** Prints SUMMARY as one JSON line when --json was given; otherwise runs TEXT. */
  void report(PrintWriter out, Object summary, Runnable text) throws JsonProcessingException {
    if (json) out.println(new ObjectMapper().writeValueAsString(summary));
    else text.run();
  }
}
