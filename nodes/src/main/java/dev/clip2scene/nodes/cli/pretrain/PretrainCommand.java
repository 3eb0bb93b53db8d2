package dev.clip2scene.nodes.cli.pretrain;

import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.nodes.pretrain.TrainingRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene pretrain --bag B --config FILE --out MODEL_DIR [--resume] [--seed S]}. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, subcommands = {PretrainBenchCommand.class},
    description = {"Pretrain the 3D network from bags with a CLIP teacher (CLIP2Scene): checkpoints per epoch in "
        + "MODEL_DIR/checkpoint, train.log, steps.csv, metrics.jsonl, curves.png, model_card.md. See README "
        + "'Pretraining, evaluation, fine-tuning' for the config file."})
public final class PretrainCommand implements Callable<Integer> {
  @CommandLine.Mixin RunOptions run = new RunOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    run.requireBagsAndOut(spec);
    RunSettings s = RunSettings.resolve(run.config, run.out, run.resume, run.seed, new PretrainConfig());
    TrainingRun.Outcome o = TrainingRun.run(new TrainingRun.Request("pretrain", run.bags, run.out, s.config(), s.seed(), run.resume, !run.noProgress, null, 1), ConsoleLines.of(spec));
    report(spec, run.json, run.out, o);
    return 0;
  }

  static void report(CommandLine.Model.CommandSpec spec, boolean json, Path out, TrainingRun.Outcome o) throws Exception {
    var w = spec.commandLine().getOut();
    if (json) {
      var m = new java.util.LinkedHashMap<String, Object>();
      m.put("epochs", o.epochs());
      m.put("steps", o.steps());
      m.put("loss", o.lastLoss());
      m.put("miou", o.miou());
      m.put("checkpoint", out.resolve("checkpoint").toString());
      m.put("seconds", o.seconds());
      m.put("skipped", o.skipped());
      m.put("skipped_updates", o.skippedUpdates());
      w.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m));
    } else {
      w.printf(Locale.ROOT, "%d epochs, %d steps, last loss %.4f%s; model in %s%n", o.epochs(), o.steps(), o.lastLoss(),
          o.miou() == null ? "" : String.format(Locale.ROOT, ", mIoU %.4f", o.miou()), out.resolve("checkpoint"));
      if (o.skippedUpdates() > 0) {
        w.println(o.skippedUpdates() + " of " + o.steps() + " updates skipped for non-finite gradients (see " + out.resolve("train.log") + ")");
      }
      if (!o.skipped().isEmpty()) w.println("left out (count per reason; examples in " + out.resolve("train.log") + "): " + o.skipped());
    }
  }

  /** The config and seed of a run: given, or read back from MODEL_DIR when resuming. */
  record RunSettings(PretrainConfig config, long seed) {
    static RunSettings resolve(Path config, Path out, boolean resume, Long seed, PretrainConfig defaults) throws java.io.IOException {
      Path stored = out.resolve("config.yaml");
      PretrainConfig c = config != null ? PretrainConfig.over(defaults, config)
          : resume && java.nio.file.Files.exists(stored) ? PretrainConfig.read(stored) : defaults;
      long s = seed != null ? seed : 0;
      Path run = out.resolve("run.json");
      if (seed == null && resume && java.nio.file.Files.exists(run)) {
        s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.toFile()).path("seed").asLong(0);
      }
      return new RunSettings(c, s);
    }
  }
}
