package dev.clip2scene.nodes.cli.clip;

import dev.clip2scene.model.clip.Activation;
import dev.clip2scene.model.clip.BpeVocabulary;
import dev.clip2scene.model.clip.ClipHints;
import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.ClipTokenizer;
import dev.clip2scene.model.clip.PromptEnsemble;
import dev.clip2scene.model.clip.PromptTemplates;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.clip.TokenizerFiles;
import dev.clip2scene.model.clip.Vocabulary;
import java.nio.file.Path;
import picocli.CommandLine;

/** The options every verb that loads CLIP weights shares. */
final class ClipModelOptions {
  @CommandLine.Option(names = "--weights", required = true, paramLabel = "FILE",
      description = "CLIP weights (.safetensors; OpenAI/open_clip or Hugging Face CLIPModel naming)")
  Path weights;

  @CommandLine.Option(names = "--tokenizer", paramLabel = "PATH",
      description = "bpe_simple_vocab_16e6.txt.gz, tokenizer.json, vocab.json (+ merges.txt) or a folder with one "
          + "(default: the weights' folder)")
  Path tokenizer;

  @CommandLine.Option(names = "--templates", paramLabel = "FILE",
      description = "prompt templates, one per line with {} for the class (default: the bundled 85)")
  Path templates;

  @CommandLine.Option(names = "--vision-heads", paramLabel = "N", description = "attention heads of the image tower (default: config or width / 64)")
  Integer visionHeads;

  @CommandLine.Option(names = "--text-heads", paramLabel = "N", description = "attention heads of the text tower (default: config or width / 64)")
  Integer textHeads;

  @CommandLine.Option(names = "--activation", paramLabel = "ACT", description = "QUICK_GELU or GELU (default: config, else QUICK_GELU)")
  Activation activation;

  @CommandLine.Mixin DeviceOption device = new DeviceOption();

  ClipModel load() {
    return ClipModel.load(weights, new ClipHints(visionHeads, textHeads, activation), device.resolve());
  }

  /**
   * The tokenizer files and templates for text embeddings, read before the weights so a missing file fails
   * fast. The tokenizer defaults to the weights' folder.
   */
  TextInputs textInputs() {
    Path where = tokenizer != null ? tokenizer : weights.toAbsolutePath().getParent();
    BpeVocabulary bpe = TokenizerFiles.load(where);
    PromptTemplates t = templates != null ? PromptTemplates.read(templates) : PromptTemplates.bundled();
    return new TextInputs(bpe, t);
  }

  record TextInputs(BpeVocabulary bpe, PromptTemplates templates) {
    /** Prompt-ensembled text embeddings of VOCABULARY with MODEL's text tower. */
    TextEmbeddings embed(ClipModel model, Vocabulary vocabulary) {
      ClipTokenizer tok = new ClipTokenizer(bpe, model.text().config().contextLength());
      return new PromptEnsemble(model.text(), tok, templates).embed(vocabulary);
    }
  }
}
