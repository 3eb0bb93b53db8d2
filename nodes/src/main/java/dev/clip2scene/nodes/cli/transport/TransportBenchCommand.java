package dev.clip2scene.nodes.cli.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.nodes.transport.LatencyBench;
import dev.clip2scene.nodes.transport.Qos;
import dev.clip2scene.nodes.transport.TransportOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip2scene transport bench}: one-way latency of raw CDR samples between two participants on loopback. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure one-way latency (p50/p99) of large samples between two DDS participants in this JVM, "
        + "loopback only.")
public final class TransportBenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--domain-id", defaultValue = "199", description = "DDS domain id (default ${DEFAULT-VALUE}).")
  int domainId;

  @Option(names = "--sizes", split = ",", defaultValue = "560000,2000000",
      description = "Sample sizes in bytes (default ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--rate", defaultValue = "20", description = "Samples per second (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--count", defaultValue = "400", description = "Measured samples per size (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--warmup", defaultValue = "40", description = "Unmeasured samples first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--reliable", description = "Reliable keep-last-10 instead of the sensor-data profile.")
  boolean reliable;

  @Option(names = "--json", description = "Machine-readable output.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || warmup < 0 || rate <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--count >= 1, --warmup >= 0, --rate > 0");
    LatencyBench bench = new LatencyBench(TransportOptions.loopback(domainId));
    Qos qos = reliable ? Qos.outputs() : Qos.SENSOR_DATA;
    PrintWriter out = spec.commandLine().getOut();
    List<LatencyBench.Result> results = new ArrayList<>();
    for (int bytes : sizes) {
      LatencyBench.Result r = bench.run(bytes, rate, warmup, count, qos);
      results.add(r);
      if (!json) {
        out.printf("%,10d bytes @ %.0f Hz %s: p50 %.2f ms  p99 %.2f ms  max %.2f ms  received %d/%d  lost %d  publish() p50 %.2f ms%n",
            r.bytes(), r.rateHz(), reliable ? "reliable" : "best-effort", r.p50Ms(), r.p99Ms(), r.maxMs(), r.received(), r.sent(), r.lost(), r.publishP50Ms());
        out.flush();
      }
    }
    if (json) out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
    return 0;
  }
}
