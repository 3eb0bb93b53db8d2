package dev.clip2scene.nodes.cli.msg;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip2scene msg bench}: PointCloud2 -> x, y, z (and x, y, z, i) floats against System.arraycopy of its bytes. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark decoding a PointCloud2 payload into x, y, z floats against System.arraycopy of its data.")
final class MsgBenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--cloud-bytes", paramLabel = "N", defaultValue = "2097152",
      description = "Size of the cloud's data (default ${DEFAULT-VALUE} = 2 MiB, 131072 points of 16 bytes).")
  int cloudBytes;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "15", description = "Timed rounds (median reported).")
  int rounds;

  @Option(names = "--iterations", paramLabel = "N", defaultValue = "200", description = "Operations per round.")
  int iterations;

  @Option(names = "--json", description = "Print the figures as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (cloudBytes < 16 || rounds < 1 || iterations < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--cloud-bytes >= 16, --rounds and --iterations >= 1");
    }
    XyzBenchmark.Result r = new XyzBenchmark(cloudBytes).run(rounds, iterations);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper m = new ObjectMapper();
      out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(m.createObjectNode()
          .put("cloud_bytes", r.cloudBytes()).put("points", r.points())
          .put("arraycopy_gb_per_s", r.copyGbPerS()).put("decode_xyz_gb_per_s", r.xyzGbPerS())
          .put("decode_xyzi_gb_per_s", r.xyziGbPerS()).put("xyz_ratio", r.xyzRatio())
          .put("xyzi_ratio", r.xyziRatio()).put("processors", Runtime.getRuntime().availableProcessors())));
    } else {
      out.printf("cloud: %d bytes, %d points (x, y, z, intensity float32)%n", r.cloudBytes(), r.points());
      out.printf("System.arraycopy of the data:        %6.2f GB/s%n", r.copyGbPerS());
      out.printf("decode view + x,y,z   -> float[]:    %6.2f GB/s  (%.0f %% of copy)%n", r.xyzGbPerS(),
          100 * r.xyzRatio());
      out.printf("decode view + x,y,z,i -> float[]:    %6.2f GB/s  (%.0f %% of copy)%n", r.xyziGbPerS(),
          100 * r.xyziRatio());
    }
    out.flush();
    return 0;
  }
}
