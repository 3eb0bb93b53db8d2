package dev.clip2scene.nodes.cli.pretrain;

import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.nodes.pretrain.TrainingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene finetune --model M --bag B --fraction F --out DIR}. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
    description = {"Fine-tune a model on a fraction of labelled scans: cross-entropy + Lovasz-softmax through a linear "
        + "head (C x D, initialised from the model's text embeddings) trained with the backbone; defaults SGD lr 0.02, "
        + "cosine, batch 8, one sweep. The result is a model folder whose classifier is the head."})
public final class FinetuneCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--model", paramLabel = "M", description = "pretrained model folder (or run directory); omit to train from random initialisation (then teacher settings give the class list)")
  Path model;

  @CommandLine.Option(names = "--fraction", required = true, paramLabel = "F", description = "share of labelled scans: 0.01, 1%%, 5%%, 100%%")
  String fraction;

  @CommandLine.Mixin RunOptions run = new RunOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    run.requireBagsAndOut(spec);
    double f = parseFraction();
    PretrainCommand.RunSettings s = PretrainCommand.RunSettings.resolve(run.config, run.out, run.resume, run.seed, defaults());
    Path initial = model == null ? null : ModelPaths.folder(model);
    TrainingRun.Outcome o = TrainingRun.run(new TrainingRun.Request("finetune", run.bags, run.out, s.config(), s.seed(), run.resume, !run.noProgress, initial, f), ConsoleLines.of(spec));
    PretrainCommand.report(spec, run.json, run.out, o);
    return 0;
  }

  /** METHOD.md's fine-tuning settings. */
  static PretrainConfig defaults() {
    PretrainConfig c = new PretrainConfig();
    c.optim.lr = 0.02;
    c.train.batchSize = 8;
    c.data.sweeps = 1;
    c.data.cameraTopics = List.of();
    return c;
  }

  private double parseFraction() {
    String s = fraction.strip();
    try {
      double v = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1)) / 100 : Double.parseDouble(s);
      if (v > 0 && v <= 1) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CommandLine.ParameterException(spec.commandLine(), "--fraction must be in (0, 1] or a percentage, not " + fraction);
  }
}
