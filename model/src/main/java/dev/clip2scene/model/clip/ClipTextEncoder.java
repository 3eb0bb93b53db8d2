package dev.clip2scene.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CLIP's text tower: token and positional embeddings, causally masked residual blocks, ln_final, then the feature
 * at the end token (the highest id in each row, as CLIP pools) through the text projection.
 */
public final class ClipTextEncoder {
  private final ClipConfig.Text config;
  private final NDManager weights;
  private final NDArray tokenEmbedding;
  private final NDArray positions;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm lnFinal;
  private final NDArray projection;

  ClipTextEncoder(NdWeights w, NDManager weights, ClipConfig.Text c, int embedDim, Activation activation, int queryChunk) {
    this.config = c;
    this.weights = weights;
    tokenEmbedding = w.tensor("token_embedding.weight", c.vocabSize(), c.width());
    positions = w.tensor("positional_embedding", c.contextLength(), c.width());
    for (int i = 0; i < c.layers(); i++) {
      blocks.add(TransformerBlock.load(w, "transformer.resblocks." + i + ".", c.width(), c.mlpWidth(), c.heads(), activation, queryChunk));
    }
    lnFinal = w.layerNorm("ln_final", c.width());
    projection = w.tensor("text_projection", c.width(), embedDim);
  }

  public ClipConfig.Text config() {
    return config;
  }

  /** CLIP's encode_text for rows of context-length token ids: rows x embed, not normalised. */
  public float[] encode(int[][] tokens) {
    int n = tokens.length;
    if (n == 0) return new float[0];
    int length = config.contextLength();
    long[] ids = new long[n * length];
    long[] endRows = new long[n];
    for (int i = 0; i < n; i++) {
      if (tokens[i].length != length) {
        throw new IllegalArgumentException("row " + i + " has " + tokens[i].length + " tokens, the model's context is " + length);
      }
      int end = 0;
      for (int j = 0; j < length; j++) {
        int id = tokens[i][j];
        if (id < 0 || id >= config.vocabSize()) {
          throw new IllegalArgumentException("token id " + id + " in row " + i + " is outside the vocabulary of " + config.vocabSize());
        }
        ids[i * length + j] = id;
        if (id > tokens[i][end]) end = j;
      }
      endRows[i] = (long) i * length + end;
    }
    try (NDManager call = weights.newSubManager(); NDScope scope = new NDScope()) {
      NDArray idArray = call.create(ids, new Shape(n * (long) length));
      NDArray x = tokenEmbedding.get(call, new NDIndex("{}", idArray)).reshape(n, length, config.width()).add(positions);
      NDArray mask = call.create(causalMask(length), new Shape(length, length));
      for (TransformerBlock b : blocks) x = b.forward(x, mask);
      NDArray pooled = lnFinal.apply(x).reshape((long) n * length, config.width()).get(new NDIndex("{}", call.create(endRows)));
      return pooled.matMul(projection).toFloatArray();
    }
  }

  /** Additive mask: each position attends to itself and earlier positions only. */
  private static float[] causalMask(int length) {
    float[] m = new float[length * length];
    for (int i = 0; i < length; i++) Arrays.fill(m, i * length + i + 1, (i + 1) * length, Float.NEGATIVE_INFINITY);
    return m;
  }

}
