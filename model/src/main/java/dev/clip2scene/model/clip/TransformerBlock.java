package dev.clip2scene.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * One pre-norm residual attention block of CLIP: x + attn(ln_1(x)), then + mlp(ln_2(.)). Weights are held
 * transposed for x.matMul(w). Every intermediate is closed when the block returns (an NDScope), so memory per
 * call stays at a few activations even for thousands of tokens.
 */
final class TransformerBlock {
  private final LayerNorm ln1;
  private final LayerNorm ln2;
  private final NDArray inProj;
  private final NDArray inBias;
  private final NDArray valueProj;
  private final NDArray valueBias;
  private final NDArray outProj;
  private final NDArray outBias;
  private final NDArray fc;
  private final NDArray fcBias;
  private final NDArray proj;
  private final NDArray projBias;
  private final int width;
  private final int heads;
  private final Activation activation;
  /** Query rows attended at once; bounds each score matrix to heads x queryChunk x tokens floats. */
  private final int queryChunk;

  private TransformerBlock(NdWeights w, String prefix, int width, int mlpWidth, int heads, Activation activation, int queryChunk) {
    this.queryChunk = queryChunk;
    this.width = width;
    this.heads = heads;
    this.activation = activation;
    ln1 = w.layerNorm(prefix + "ln_1", width);
    ln2 = w.layerNorm(prefix + "ln_2", width);
    inProj = w.linear(prefix + "attn.in_proj_weight", 3L * width, width);
    inBias = w.tensor(prefix + "attn.in_proj_bias", 3L * width);
    valueProj = inProj.get(new NDIndex(":, {}:", 2 * width));
    valueBias = inBias.get(new NDIndex("{}:", 2 * width));
    outProj = w.linear(prefix + "attn.out_proj.weight", width, width);
    outBias = w.tensor(prefix + "attn.out_proj.bias", width);
    fc = w.linear(prefix + "mlp.c_fc.weight", mlpWidth, width);
    fcBias = w.tensor(prefix + "mlp.c_fc.bias", mlpWidth);
    proj = w.linear(prefix + "mlp.c_proj.weight", width, mlpWidth);
    projBias = w.tensor(prefix + "mlp.c_proj.bias", width);
  }

  static TransformerBlock load(NdWeights w, String prefix, int width, int mlpWidth, int heads, Activation activation, int queryChunk) {
    return new TransformerBlock(w, prefix, width, mlpWidth, heads, activation, queryChunk);
  }

  /** The block on X [batch, tokens, width]; MASK is an additive [tokens, tokens] attention mask or null. */
  NDArray forward(NDArray x, NDArray mask) {
    try (NDScope scope = new NDScope()) {
      NDArray h = x.add(attention(ln1.apply(x), mask));
      NDArray out = h.add(mlp(ln2.apply(h)));
      NDScope.unregister(out);
      return out;
    }
  }

  /**
   * MaskCLIP's last block: the query-key attention is skipped, each token keeps its own value,
   * v = out_proj(v_proj(ln_1(x))) + x, then v + mlp(ln_2(v)).
   */
  NDArray valuePath(NDArray x) {
    try (NDScope scope = new NDScope()) {
      NDArray v = ln1.apply(x).matMul(valueProj).add(valueBias).matMul(outProj).add(outBias).add(x);
      NDArray out = v.add(mlp(ln2.apply(v)));
      NDScope.unregister(out);
      return out;
    }
  }

  private NDArray attention(NDArray h, NDArray mask) {
    long batch = h.getShape().get(0);
    long tokens = h.getShape().get(1);
    int headWidth = width / heads;
    NDList qkv = h.matMul(inProj).add(inBias).reshape(batch, tokens, 3, heads, headWidth).transpose(2, 0, 3, 1, 4).split(3);
    NDArray q = qkv.get(0).squeeze(0).mul(1.0 / Math.sqrt(headWidth));
    NDArray kT = qkv.get(1).squeeze(0).transpose(0, 1, 3, 2);
    NDArray v = qkv.get(2).squeeze(0);
    NDArray context;
    if (tokens <= queryChunk) {
      context = attend(q, kT, v, mask);
    } else {
      // a few query rows at a time: the score matrix of a 900 x 1600 image would otherwise take gigabytes
      NDList parts = new NDList();
      for (long from = 0; from < tokens; from += queryChunk) {
        long to = Math.min(tokens, from + queryChunk);
        NDArray rows = q.get(new NDIndex(":, :, {}:{}, :", from, to));
        NDArray rowMask = mask == null ? null : mask.get(new NDIndex("{}:{}, :", from, to));
        parts.add(attend(rows, kT, v, rowMask));
      }
      context = NDArrays.concat(parts, 2);
    }
    return context.transpose(0, 2, 1, 3).reshape(batch, tokens, width).matMul(outProj).add(outBias);
  }

  /** softmax(q k^T + mask) v for Q [batch, heads, rows, headWidth]; the score matrices are freed at once. */
  private static NDArray attend(NDArray q, NDArray kT, NDArray v, NDArray mask) {
    NDArray scores = q.matMul(kT);
    if (mask != null) scores.addi(mask);
    NDArray weights = scores.softmax(-1);
    scores.close();
    NDArray context = weights.matMul(v);
    weights.close();
    return context;
  }

  private NDArray mlp(NDArray h) {
    return activation.apply(h.matMul(fc).add(fcBias)).matMul(proj).add(projBias);
  }
}
