package dev.clip2scene.nodes.perception.pipeline;

import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.teacher.Teacher;

/**
 * Where fusion's dense image features come from: a {@link Teacher} that produces features in the text embeddings'
 * space (MaskCLIP on CPU through DJL today; a GPU engine can serve the same interface), and the multiple its input
 * sizes must be (the ViT patch size).
 */
public interface ImageTeacher {
  /** A teacher whose features are compared with VOCABULARY (a dense teacher may need the vocabulary for its labels). */
  Teacher forVocabulary(TextEmbeddings vocabulary);

  /** Input widths and heights must be multiples of this. */
  int sizeMultiple();

  /** A short description for logs and diagnostics. */
  String describe();
}
