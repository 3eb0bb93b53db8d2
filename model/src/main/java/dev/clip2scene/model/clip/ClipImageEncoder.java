package dev.clip2scene.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's ViT image tower: patch embedding (a stride-patch convolution, done as one matrix product), class token,
 * positional embedding, ln_pre, residual blocks, ln_post, projection. Two outputs: the pooled image feature (class
 * token) and MaskCLIP's dense per-patch features. Images of any size that is a multiple of the patch size work;
 * the positional embedding is resized to their grid.
 */
public final class ClipImageEncoder {
  private final ClipConfig.Vision config;
  private final int embedDim;
  private final NDManager weights;
  private final NDArray patchEmbedding; // [3 * patch * patch, width]
  private final float[] classEmbedding;
  private final PositionalGrid positions;
  private final LayerNorm lnPre;
  private final LayerNorm lnPost;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final NDArray projection; // [width, embed]

  ClipImageEncoder(NdWeights w, NDManager weights, ClipConfig.Vision c, int embedDim, Activation activation, int queryChunk) {
    this.config = c;
    this.embedDim = embedDim;
    this.weights = weights;
    int width = c.width();
    int p = c.patchSize();
    long tokens = 1L + (long) c.gridSize() * c.gridSize();
    patchEmbedding = w.linear("visual.conv1.weight", width, 3, p, p);
    classEmbedding = w.source().floats("visual.class_embedding", width);
    positions = new PositionalGrid(w.source().floats("visual.positional_embedding", tokens, width), c.gridSize(), width);
    lnPre = w.layerNorm("visual.ln_pre", width);
    lnPost = w.layerNorm("visual.ln_post", width);
    for (int i = 0; i < c.layers(); i++) {
      blocks.add(TransformerBlock.load(w, "visual.transformer.resblocks." + i + ".", width, c.mlpWidth(), c.heads(), activation, queryChunk));
    }
    projection = w.tensor("visual.proj", width, embedDim);
  }

  public ClipConfig.Vision config() {
    return config;
  }

  /** The pooled image features (CLIP's encode_image, not normalised): batch x embed. */
  public float[] encode(PixelBatch images) {
    try (NDManager call = weights.newSubManager(); NDScope scope = new NDScope()) {
      NDArray x = embed(call, images);
      for (TransformerBlock b : blocks) x = b.forward(x, null);
      NDArray cls = x.get(new NDIndex(":, 0, :"));
      return lnPost.apply(cls).matMul(projection).toFloatArray();
    }
  }

  /**
   * MaskCLIP dense features: all blocks but the last as usual, the last block's value path only, ln_post on the
   * patch tokens, projection. Not normalised.
   */
  public DenseFeatures dense(PixelBatch images) {
    int rows = images.height() / config.patchSize();
    int cols = images.width() / config.patchSize();
    try (NDManager call = weights.newSubManager(); NDScope scope = new NDScope()) {
      NDArray x = embed(call, images);
      for (int i = 0; i < blocks.size() - 1; i++) x = blocks.get(i).forward(x, null);
      NDArray patches = x.get(new NDIndex(":, 1:, :"));
      NDArray v = blocks.get(blocks.size() - 1).valuePath(patches);
      float[] values = lnPost.apply(v).matMul(projection).toFloatArray();
      return new DenseFeatures(images.batch(), rows, cols, embedDim, values);
    }
  }

  /** Patch embedding + class token + positions + ln_pre: [batch, 1 + rows * cols, width] on CALL's device. */
  private NDArray embed(NDManager call, PixelBatch images) {
    int p = config.patchSize();
    if (images.height() % p != 0 || images.width() % p != 0) {
      throw new IllegalArgumentException("image size " + images.height() + " x " + images.width()
          + " is not a multiple of the patch size " + p + " (resize it, e.g. --size)");
    }
    int b = images.batch();
    int rows = images.height() / p;
    int cols = images.width() / p;
    int width = config.width();
    NDArray pixels = call.create(images.values(), new Shape(b, 3, rows, p, cols, p));
    NDArray patches = pixels.transpose(0, 2, 4, 1, 3, 5).reshape(b, (long) rows * cols, 3L * p * p).matMul(patchEmbedding);
    float[] cls = new float[b * width];
    for (int i = 0; i < b; i++) System.arraycopy(classEmbedding, 0, cls, i * width, width);
    NDArray tokens = call.create(cls, new Shape(b, 1, width)).concat(patches, 1);
    NDArray pos = call.create(positions.forGrid(rows, cols), new Shape(1, 1L + (long) rows * cols, width));
    return lnPre.apply(tokens.add(pos));
  }
}
