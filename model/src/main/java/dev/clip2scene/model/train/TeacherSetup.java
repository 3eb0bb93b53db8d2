package dev.clip2scene.model.train;

import ai.djl.Device;
import dev.clip2scene.model.clip.ClipHints;
import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.ClipTokenizer;
import dev.clip2scene.model.clip.PromptEnsemble;
import dev.clip2scene.model.clip.PromptTemplates;
import dev.clip2scene.model.clip.TokenizerFiles;
import dev.clip2scene.model.clip.Vocabulary;
import dev.clip2scene.model.infer.device.PyTorchDevice;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.io.NpyArray;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.teacher.CachedTeacher;
import dev.clip2scene.model.teacher.MaskClipTeacher;
import dev.clip2scene.model.teacher.PrecomputedTeacher;
import dev.clip2scene.model.teacher.RandomResizedCrop;
import dev.clip2scene.model.teacher.Teacher;
import dev.clip2scene.model.teacher.TeacherCache;
import dev.clip2scene.model.teacher.TeacherView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The teacher a config names ({@link Parts#TEACHERS}), its text embeddings and how it sees images. MaskCLIP's
 * outputs go through a {@link TeacherCache}; precomputed outputs are files already and are read directly. Owns the
 * CLIP model when one is loaded: close it after training.
 */
public final class TeacherSetup implements AutoCloseable {
  private final ClipModel clip;
  private final Teacher teacher;
  private final TextEmbeddings text;
  private final TeacherView view;
  private final String description;

  /** DESCRIPTION says how the teacher sees images, for model cards. */
  public TeacherSetup(ClipModel clip, Teacher teacher, TextEmbeddings text, TeacherView view, String description) {
    this.clip = clip;
    this.teacher = teacher;
    this.text = text;
    this.view = view;
    this.description = description;
  }

  /** The teacher of C.kind, caching under CACHE_DIR. */
  public static TeacherSetup create(PretrainConfig.TeacherSettings c, Path cacheDir) throws IOException {
    return Parts.TEACHERS.get(c.kind).create(c, cacheDir);
  }

  /** MaskCLIP run here (METHOD.md), on whole images once ({@code pass: image}) or on a random crop per step. */
  static TeacherSetup maskClip(PretrainConfig.TeacherSettings c, Path cacheDir) throws IOException {
    boolean wholeImages = Parts.TEACHER_PASSES.get(c.pass);
    if (c.weights == null) {
      throw new IllegalArgumentException("teacher.weights is required for the MaskCLIP teacher (CLIP .safetensors, e.g. ViT-B/16 from "
          + "openai/clip-vit-base-patch16)");
    }
    Vocabulary vocabulary = Vocabulary.resolve(c.vocabulary);
    ClipModel clip = ClipModel.load(Path.of(c.weights), new ClipHints(c.visionHeads, c.textHeads, null),
        PyTorchDevice.of(c.device, "teacher.device"));
    try {
      TextEmbeddings text = c.textEmbeddings != null ? readText(Path.of(c.textEmbeddings), vocabulary) : embed(clip, c, vocabulary);
      int patch = clip.image().config().patchSize();
      TeacherView view = wholeImages ? TeacherView.resized(c.imageHeight, patch) : crop(c);
      Teacher maskclip = new MaskClipTeacher(clip, sha256(Path.of(c.weights)), text, c.clipNormalize);
      String how = wholeImages ? "whole images at " + c.imageHeight + " rows, once before training"
          : "random crops " + c.crop[0] + "x" + c.crop[1] + " per step";
      return new TeacherSetup(clip, new CachedTeacher(maskclip, new TeacherCache(cacheDir)), text, view, how);
    } catch (RuntimeException | IOException e) {
      clip.close();
      throw e;
    }
  }

  /** Outputs computed elsewhere, one file per image (whole images); CLIP is loaded only to embed the vocabulary. */
  static TeacherSetup precomputed(PretrainConfig.TeacherSettings c, Path cacheDir) throws IOException {
    if (c.precomputedDir == null) throw new IllegalArgumentException("teacher.precomputed_dir is required for teacher.kind precomputed");
    Vocabulary vocabulary = Vocabulary.resolve(c.vocabulary);
    TextEmbeddings text;
    if (c.textEmbeddings != null) {
      text = readText(Path.of(c.textEmbeddings), vocabulary);
    } else if (c.weights != null) {
      try (ClipModel clip = ClipModel.load(Path.of(c.weights), new ClipHints(c.visionHeads, c.textHeads, null), Device.cpu())) {
        text = embed(clip, c, vocabulary);
      }
    } else {
      throw new IllegalArgumentException("teacher.text_embeddings or teacher.weights (to compute them) is required for teacher.kind precomputed");
    }
    Teacher teacher = new PrecomputedTeacher(Path.of(c.precomputedDir), text.normalized(), text.classes());
    return new TeacherSetup(null, teacher, text, TeacherView.whole(), "whole images, precomputed in " + c.precomputedDir);
  }

  private static RandomResizedCrop crop(PretrainConfig.TeacherSettings c) {
    return new RandomResizedCrop(c.crop[1], c.crop[0], c.cropScale[0], c.cropScale[1], c.cropRatio[0], c.cropRatio[1], c.flipProbability);
  }

  private static TextEmbeddings embed(ClipModel clip, PretrainConfig.TeacherSettings c, Vocabulary vocabulary) {
    Path where = c.tokenizer != null ? Path.of(c.tokenizer) : Path.of(c.weights).toAbsolutePath().getParent();
    PromptTemplates templates = c.templates != null ? PromptTemplates.read(Path.of(c.templates)) : PromptTemplates.bundled();
    ClipTokenizer tok = new ClipTokenizer(TokenizerFiles.load(where), clip.text().config().contextLength());
    return new PromptEnsemble(clip.text(), tok, templates).embed(vocabulary);
  }

  private static TextEmbeddings readText(Path file, Vocabulary vocabulary) {
    NpyArray a = Npy.read(file);
    if (a.shape().length != 2 || a.shape()[0] != vocabulary.classes().size()) {
      throw new IllegalArgumentException(file + ": expected " + vocabulary.classes().size() + " x D text embeddings for vocabulary " + vocabulary.source()
          + ", shape " + java.util.Arrays.toString(a.shape()));
    }
    return new TextEmbeddings(vocabulary.classes(), (int) a.shape()[1], a.floats());
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

  public String describe() {
    return description;
  }

  /** How the teacher sees each image. */
  public TeacherView view() {
    return view;
  }

  /** The teacher when its outputs are cached and can be computed once per image before training; else null. */
  public CachedTeacher passTeacher() {
    return teacher instanceof CachedTeacher c && view.fixed() ? c : null;
  }

  @Override
  public void close() {
    if (clip != null) clip.close();
  }
}
