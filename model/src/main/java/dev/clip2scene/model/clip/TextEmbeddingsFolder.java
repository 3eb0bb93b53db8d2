package dev.clip2scene.model.clip;

import dev.clip2scene.model.net.TextEmbeddings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.io.NpyArray;
import dev.clip2scene.model.io.TensorFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder holding text embeddings as other tools read them: {@value #EMBEDDINGS} (classes x dim float32) and
 * {@value #VOCAB} (a JSON array of the class names in row order).
 */
public final class TextEmbeddingsFolder {
  public static final String EMBEDDINGS = "text_embeddings.npy";
  public static final String VOCAB = "vocab.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TextEmbeddingsFolder() {}

  public static void write(Path dir, TextEmbeddings embeddings) throws IOException {
    Files.createDirectories(dir);
    Npy.writeFloats(dir.resolve(EMBEDDINGS), new long[] {embeddings.classes(), embeddings.dim()}, embeddings.values());
    AtomicFiles.writeBytes(dir.resolve(VOCAB), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(embeddings.labels()));
  }

  public static TextEmbeddings read(Path dir) {
    Path vocabFile = dir.resolve(VOCAB);
    NpyArray array = Npy.read(dir.resolve(EMBEDDINGS));
    JsonNode names;
    try {
      names = JSON.readTree(vocabFile.toFile());
    } catch (IOException e) {
      throw new TensorFileException("cannot read " + vocabFile + ": " + e.getMessage(), e);
    }
    if (names == null || !names.isArray()) throw new TensorFileException(vocabFile + ": expected a JSON array of class names");
    List<String> classes = new ArrayList<>();
    names.forEach(n -> classes.add(n.asText()));
    if (array.shape().length != 2 || array.shape()[0] != classes.size()) {
      throw new TensorFileException(dir.resolve(EMBEDDINGS) + ": shape " + java.util.Arrays.toString(array.shape())
          + " does not match the " + classes.size() + " classes of " + vocabFile);
    }
    return new TextEmbeddings(classes, (int) array.shape()[1], array.floats());
  }
}
