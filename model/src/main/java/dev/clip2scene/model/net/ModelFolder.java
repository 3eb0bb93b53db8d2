package dev.clip2scene.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.io.NpyArray;
import dev.clip2scene.model.io.SafeTensors;
import dev.clip2scene.model.io.SafeTensorsWriter;
import dev.clip2scene.model.io.TensorFileException;
import dev.clip2scene.model.sparse.Weights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A model folder: {@code model.safetensors} (weights and BatchNorm statistics, float32, plus any extra tensors such
 * as optimizer state), {@code config.json} (format, network config, SHA-256 of every file), and when present
 * {@code text_embeddings.npy} (C x D float32) with {@code labels.json} (the C class names).
 *
 * <p>Saving writes a complete new folder beside the target and renames it into place, so a killed writer leaves
 * the previous checkpoint (or none), never a mixture; reading verifies every file against its recorded hash.
 */
public final class ModelFolder {
  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String TEXT = "text_embeddings.npy";
  public static final String LABELS = "labels.json";
  private static final String FORMAT = "clip2scene-model/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Everything a folder holds besides the weights themselves. */
  public record Contents(NetworkConfig config, TextEmbeddings text) {}

  /** An extra float tensor to store beside the weights (e.g. optimizer state), named so as not to clash with them. */
  public record Extra(long[] shape, float[] values) {}

  private ModelFolder() {}

  public static void write(Path dir, SparseNetwork net, TextEmbeddings text) {
    write(dir, net, text, Map.of());
  }

  public static void write(Path dir, SparseNetwork net, TextEmbeddings text, Map<String, Extra> extra) {
    if (text != null && text.dim() != net.config().outputDim()) {
      throw new IllegalArgumentException("text embeddings of " + text.dim() + " dims for a network with " + net.config().outputDim() + " outputs");
    }
    Path target = dir.toAbsolutePath().normalize();
    Path tmp = target.resolveSibling("." + target.getFileName() + ".saving-" + ProcessHandle.current().pid());
    try {
      FileTrees.delete(tmp);
      Files.createDirectories(tmp);
      SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", FORMAT);
      for (Map.Entry<String, NDArray> e : net.weights().all().entrySet()) {
        w.addFloats(e.getKey(), e.getValue().getShape().getShape(), e.getValue().toType(DataType.FLOAT32, false).toFloatArray());
      }
      extra.forEach((name, t) -> {
        if (net.weights().all().containsKey(name)) throw new IllegalArgumentException("extra tensor '" + name + "' clashes with a weight");
        w.addFloats(name, t.shape(), t.values());
      });
      w.write(tmp.resolve(WEIGHTS));
      if (text != null) {
        Npy.writeFloats(tmp.resolve(TEXT), new long[] {text.classes(), text.dim()}, text.values());
        AtomicFiles.writeBytes(tmp.resolve(LABELS), JSON.writeValueAsBytes(text.labels()));
      }
      ObjectNode config = JSON.createObjectNode();
      config.put("format", FORMAT);
      config.set("network", JSON.valueToTree(net.config()));
      ObjectNode files = config.putObject("files");
      for (String f : text == null ? List.of(WEIGHTS) : List.of(WEIGHTS, TEXT, LABELS)) files.put(f, sha256(tmp.resolve(f)));
      AtomicFiles.writeBytes(tmp.resolve(CONFIG), JSON.writeValueAsBytes(config));
      Path old = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
      FileTrees.delete(old);
      if (Files.exists(target)) Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      FileTrees.delete(old);
    } catch (IOException e) {
      throw new ModelFolderException("cannot write model folder " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        FileTrees.delete(tmp);
      } catch (IOException ignored) {
        // a stray temporary folder is harmless; the next save replaces it
      }
    }
  }

  /**
   * Cleans up after a save that was killed: leftover temporary folders beside DIR are removed, and when DIR itself
   * is missing but the previous folder was moved aside, that one is moved back. LOG hears what was done.
   */
  public static void recover(Path dir, java.util.function.Consumer<String> log) {
    Path abs = dir.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) return;
    String name = abs.getFileName().toString();
    try (Stream<Path> s = Files.list(parent)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("." + name + ".old-")) {
          if (!Files.isRegularFile(abs.resolve(CONFIG))) {
            Files.move(p, abs, StandardCopyOption.ATOMIC_MOVE);
            log.accept("restored the previous model folder from " + p + " (a save was interrupted)");
          } else {
            FileTrees.delete(p);
          }
        } else if (n.startsWith("." + name + ".saving-")) {
          FileTrees.delete(p);
          log.accept("removed the partial model folder " + p + " of an interrupted save");
        }
      }
    } catch (IOException e) {
      throw new ModelFolderException("cannot clean up interrupted saves of " + abs + ": " + e.getMessage(), e);
    }
  }

  /** Reads config.json (and the text embeddings when present), verifying every file's hash. */
  public static Contents read(Path dir) {
    JsonNode config = config(dir);
    NetworkConfig network;
    try {
      network = JSON.treeToValue(config.get("network"), NetworkConfig.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelFolderException(dir.resolve(CONFIG) + ": invalid network config: " + e.getMessage(), e);
    }
    TextEmbeddings text = null;
    if (config.path("files").has(TEXT)) {
      try {
        NpyArray a = Npy.read(dir.resolve(TEXT));
        if (a.shape().length != 2) throw new ModelFolderException(dir.resolve(TEXT) + ": expected a C x D matrix");
        List<String> labels = List.of(JSON.readValue(dir.resolve(LABELS).toFile(), String[].class));
        if (labels.size() != a.shape()[0]) {
          throw new ModelFolderException(dir.resolve(LABELS) + ": " + labels.size() + " labels for " + a.shape()[0] + " text embeddings");
        }
        text = new TextEmbeddings(labels, (int) a.shape()[1], a.floats());
      } catch (IOException | TensorFileException | IllegalArgumentException e) {
        throw new ModelFolderException(dir + ": cannot read text embeddings: " + e.getMessage(), e);
      }
    }
    return new Contents(network, text);
  }

  /** Builds the folder's network with its stored weights, in the given precision, owned by the manager. */
  public static SparseNetwork load(Path dir, NDManager manager, DataType dtype) {
    return load(dir, read(dir), manager, dtype);
  }

  /** {@link #load(Path, NDManager, DataType)} with the folder's contents C already {@link #read}. */
  public static SparseNetwork load(Path dir, Contents c, NDManager manager, DataType dtype) {
    Weights w = new Weights(manager, dtype, 0);
    SparseNetwork net = SparseNetwork.create(c.config(), w);
    Path file = dir.resolve(WEIGHTS);
    try (SafeTensors st = SafeTensors.open(file)) {
      for (Map.Entry<String, NDArray> e : w.all().entrySet()) {
        if (!st.contains(e.getKey())) throw new ModelFolderException(file + ": weight '" + e.getKey() + "' missing for " + c.config().architecture());
        float[] v = st.floats(e.getKey(), e.getValue().getShape().getShape());
        // a tensor swapped in rather than NDArray.set, whose native guard makes libtorch print a deprecation warning;
        // the swapped-in tensor is a copy owning its memory (DJL's create() can point into a Java buffer)
        NDArray target = e.getValue();
        NDManager owner = target.getManager();
        try (NDArray fromJava = dtype == DataType.FLOAT32 ? owner.create(v, target.getShape()) : owner.create(toDoubles(v), target.getShape())) {
          target.intern(fromJava.duplicate());
        }
        if (w.parameters().containsKey(e.getKey())) target.setRequiresGradient(true);
      }
    } catch (TensorFileException e) {
      w.close();
      throw new ModelFolderException(file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
    return net;
  }

  private static JsonNode config(Path dir) {
    Path file = dir.resolve(CONFIG);
    if (!Files.isRegularFile(file)) {
      throw new ModelFolderException("not a model folder: " + file + " missing" + interruptedSaveHint(dir));
    }
    JsonNode config;
    try {
      config = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelFolderException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(config.path("format").asText())) {
      throw new ModelFolderException(file + ": format '" + config.path("format").asText() + "', expected " + FORMAT);
    }
    JsonNode files = config.path("files");
    if (!files.has(WEIGHTS)) throw new ModelFolderException(file + ": no hash recorded for " + WEIGHTS);
    for (var it = files.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!List.of(WEIGHTS, TEXT, LABELS).contains(e.getKey())) {
        throw new ModelFolderException(file + ": unknown file entry '" + e.getKey() + "'");
      }
      Path f = dir.resolve(e.getKey());
      try {
        String actual = sha256(f);
        if (!actual.equals(e.getValue().asText())) {
          throw new ModelFolderException(f + ": SHA-256 " + actual + " does not match " + e.getValue().asText() + " recorded in " + file);
        }
      } catch (IOException ex) {
        throw new ModelFolderException(f + ": cannot read: " + ex.getMessage(), ex);
      }
    }
    return config;
  }

  private static String interruptedSaveHint(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (abs.getParent() == null || !Files.isDirectory(abs.getParent())) return "";
    try (Stream<Path> s = Files.list(abs.getParent())) {
      List<Path> old = s.filter(p -> p.getFileName().toString().startsWith("." + abs.getFileName() + ".old-")).toList();
      return old.isEmpty() ? "" : " (an interrupted save left the previous checkpoint at " + old.get(0) + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static String sha256(Path f) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  /** Tensors of the weights file not used by the network (extra state stored by {@link #write}). */
  public static Map<String, Extra> extras(Path dir, SparseNetwork net) {
    Map<String, Extra> out = new LinkedHashMap<>();
    try (SafeTensors st = SafeTensors.open(dir.resolve(WEIGHTS))) {
      for (String name : st.names()) {
        if (!net.weights().all().containsKey(name)) out.put(name, new Extra(st.shape(name), st.floats(name)));
      }
    }
    return out;
  }
}
