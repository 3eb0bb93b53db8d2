package dev.clip2scene.nodes.cli.bag;

import dev.clip2scene.nodes.bag.MessageFilter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clip2scene bag filter IN OUT [--topics T...] [--start T] [--end T]}. */
@Command(name = "filter", mixinStandardHelpOptions = true,
    description = "Copy the messages of some topics and/or a time window into a new bag folder.")
final class BagFilterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin CopyPaths paths;

  @Option(names = "--topics", split = ",", arity = "1..*", paramLabel = "T", description = "topics to keep "
      + "(default: all)")
  List<String> topics = List.of();

  @Option(names = "--start", paramLabel = "TIME", description = "first log time kept: nanoseconds since the epoch, "
      + "or seconds with a decimal point (1700000000.5)")
  String start;

  @Option(names = "--end", paramLabel = "TIME", description = "last log time kept, same forms as --start")
  String end;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    MessageFilter filter;
    try {
      filter = new MessageFilter(Set.copyOf(topics), start == null ? Long.MIN_VALUE : nanos(start),
          end == null ? Long.MAX_VALUE : nanos(end));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return CopyRun.run(spec.commandLine(), "filter", paths.in, paths.out, output, filter, null);
  }

  /** "1700000000123456789" (ns) or "1700000000.5" (s). */
  static long nanos(String text) {
    try {
      if (text.contains(".")) return new BigDecimal(text).movePointRight(9).longValueExact();
      return Long.parseLong(text);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("not a time: '" + text + "' (nanoseconds, or seconds with a decimal point)");
    }
  }
}
