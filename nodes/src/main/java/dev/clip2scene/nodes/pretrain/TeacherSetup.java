package dev.clip2scene.nodes.pretrain;

import ai.djl.Device;
import dev.clip2scene.model.clip.ClipHints;
import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.ClipTokenizer;
import dev.clip2scene.model.clip.PromptEnsemble;
import dev.clip2scene.model.clip.PromptTemplates;
import dev.clip2scene.model.clip.TokenizerFiles;
import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.io.NpyArray;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.teacher.CachedTeacher;
import dev.clip2scene.model.teacher.MaskClipTeacher;
import dev.clip2scene.model.teacher.PrecomputedTeacher;
import dev.clip2scene.model.teacher.RandomResizedCrop;
import dev.clip2scene.model.teacher.Teacher;
import dev.clip2scene.model.teacher.TeacherCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The teacher and the text embeddings a config names. Owns the CLIP model when one is loaded: close it after
 * training.
 */
public final class TeacherSetup implements AutoCloseable {
  private final ClipModel clip;
  private final Teacher teacher;
  private final TextEmbeddings text;
  private final RandomResizedCrop crop;

  private TeacherSetup(ClipModel clip, Teacher teacher, TextEmbeddings text, RandomResizedCrop crop) {
    this.clip = clip;
    this.teacher = teacher;
    this.text = text;
    this.crop = crop;
  }

  public static TeacherSetup create(PretrainConfig.TeacherSettings c, Path cacheDir) throws IOException {
    Vocabulary vocabulary = Vocabulary.resolve(c.vocabulary);
    ClipModel clip = null;
    try {
      boolean maskclip = c.kind.equals("maskclip");
      if (!maskclip && !c.kind.equals("precomputed")) throw new IllegalArgumentException("teacher.kind must be maskclip or precomputed, not " + c.kind);
      if (maskclip || c.textEmbeddings == null) {
        if (c.weights == null) {
          throw new IllegalArgumentException("teacher.weights is required (CLIP .safetensors, e.g. ViT-B/16 from openai/clip-vit-base-patch16) "
              + (maskclip ? "for the MaskCLIP teacher" : "to compute text embeddings, or give teacher.text_embeddings"));
        }
        clip = ClipModel.load(Path.of(c.weights), new ClipHints(c.visionHeads, c.textHeads, null), Device.cpu());
      }
      dev.clip2scene.model.clip.TextEmbeddings clipText = c.textEmbeddings != null ? readText(Path.of(c.textEmbeddings), vocabulary) : embed(clip, c, vocabulary);
      TextEmbeddings text = new TextEmbeddings(clipText.classes(), clipText.dim(), clipText.rows());
      RandomResizedCrop crop = new RandomResizedCrop(c.crop[1], c.crop[0], c.cropScale[0], c.cropScale[1], c.cropRatio[0], c.cropRatio[1], c.flipProbability);
      Teacher inner = maskclip
          ? new MaskClipTeacher(clip, sha256(Path.of(c.weights)), clipText, c.clipNormalize)
          : new PrecomputedTeacher(Path.of(requireDir(c.precomputedDir)), clipText.normalized(), clipText.classes().size());
      return new TeacherSetup(clip, new CachedTeacher(inner, new TeacherCache(cacheDir)), text, crop);
    } catch (RuntimeException | IOException e) {
      if (clip != null) clip.close();
      throw e;
    }
  }

  private static String requireDir(String dir) {
    if (dir == null) throw new IllegalArgumentException("teacher.precomputed_dir is required for teacher.kind precomputed");
    return dir;
  }

  private static dev.clip2scene.model.clip.TextEmbeddings embed(ClipModel clip, PretrainConfig.TeacherSettings c, Vocabulary vocabulary) {
    Path where = c.tokenizer != null ? Path.of(c.tokenizer) : Path.of(c.weights).toAbsolutePath().getParent();
    PromptTemplates templates = c.templates != null ? PromptTemplates.read(Path.of(c.templates)) : PromptTemplates.bundled();
    ClipTokenizer tok = new ClipTokenizer(TokenizerFiles.load(where), clip.text().config().contextLength());
    return new PromptEnsemble(clip.text(), tok, templates).embed(vocabulary);
  }

  private static dev.clip2scene.model.clip.TextEmbeddings readText(Path file, Vocabulary vocabulary) {
    NpyArray a = Npy.read(file);
    if (a.shape().length != 2 || a.shape()[0] != vocabulary.classes().size()) {
      throw new IllegalArgumentException(file + ": expected " + vocabulary.classes().size() + " x D text embeddings for vocabulary " + vocabulary.source()
          + ", shape " + java.util.Arrays.toString(a.shape()));
    }
    return new dev.clip2scene.model.clip.TextEmbeddings(vocabulary.classes(), (int) a.shape()[1], a.floats());
  }

  static String sha256(Path f) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Teacher teacher() {
    return teacher;
  }

  public TextEmbeddings text() {
    return text;
  }

  public RandomResizedCrop crop() {
    return crop;
  }

  @Override
  public void close() {
    if (clip != null) clip.close();
  }
}
