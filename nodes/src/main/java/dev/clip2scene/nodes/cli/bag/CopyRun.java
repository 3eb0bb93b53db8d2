package dev.clip2scene.nodes.cli.bag;

import dev.clip2scene.nodes.bag.BagCopy;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.BagWriter;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.WriterOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;

/** The work of convert and filter: read IN through a filter, write OUT, show progress, report damage. */
final class CopyRun {
  private CopyRun() {}

  static int run(CommandLine cli, String verb, Path in, Path out, OutputOptions output, MessageFilter filter,
      String defaultStorage) throws Exception {
    try (BagReader reader = BagReader.open(in)) {
      String storage = defaultStorage != null ? defaultStorage : reader.info().storage().split("\\+")[0];
      WriterOptions options;
      try {
        options = output.toWriterOptions(storage);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cli, e.getMessage());
      }
      long expected = BagCopy.expected(reader.info(), filter);
      BagCopy.Result result;
      try (BagWriter writer = BagWriter.create(out, options);
          ProgressBar bar = output.showProgress() ? new ProgressBarBuilder().setTaskName(verb)
              .setInitialMax(expected).setStyle(ProgressBarStyle.ASCII).setUnit(" msgs", 1).showSpeed()
              .setUpdateIntervalMillis(250).build() : null) {
        result = BagCopy.copy(reader, writer, filter, n -> {
          if (bar != null) bar.stepTo(n);
        });
      }
      PrintWriter stdout = cli.getOut();
      stdout.println("bag " + verb + ": wrote " + result.messages() + " messages to " + out + " (" + options.storage()
          + (options.storage().equals("mcap") ? ", " + options.compression().name().toLowerCase() : "") + ")");
      stdout.flush();
      return Damage.report("bag " + verb, result.damage(), cli.getErr());
    }
  }
}
