package dev.clip2scene.model.net;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What defines a student network; stored as the model folder's config.json.
 *
 * @param widths 9 channel counts: stem, 4 encoder stages, 4 decoder stages
 * @param blocks 8 residual-block counts: 4 encoder stages, 4 decoder stages
 * @param voxelSize metres
 * @param inputFeatures names of the per-point input features after x, y, z (e.g. intensity; r, g, b)
 * @param outputDim per-point feature size (512: CLIP's space)
 * @param stemKernel odd kernel size of the MinkUNet stem (SPVCNN uses two 3x3x3 convolutions)
 * @param dropout SPVCNN's dropout rate before the first and third decoder stage, in training
 * @param interpolation SPVCNN's voxel -> point interpolation: "trilinear" or "nearest"
 */
public record NetworkConfig(
    Architecture architecture,
    int[] widths,
    int[] blocks,
    double voxelSize,
    List<String> inputFeatures,
    int outputDim,
    int stemKernel,
    float dropout,
    String interpolation) {

  public NetworkConfig {
    if (architecture == null) throw new IllegalArgumentException("architecture missing");
    if (widths == null || widths.length != 9) throw new IllegalArgumentException("widths must have 9 entries (stem, 4 down, 4 up): " + Arrays.toString(widths));
    if (blocks == null || blocks.length != 8) throw new IllegalArgumentException("blocks must have 8 entries (4 down, 4 up): " + Arrays.toString(blocks));
    for (int w : widths) if (w < 1) throw new IllegalArgumentException("widths must be positive: " + Arrays.toString(widths));
    for (int b : blocks) if (b < 1) throw new IllegalArgumentException("block counts must be >= 1: " + Arrays.toString(blocks));
    if (!(voxelSize > 0) || Double.isInfinite(voxelSize)) throw new IllegalArgumentException("voxel size " + voxelSize);
    if (inputFeatures == null || inputFeatures.isEmpty()) throw new IllegalArgumentException("input features missing");
    if (outputDim < 1) throw new IllegalArgumentException("output dim " + outputDim);
    if (stemKernel < 1 || stemKernel % 2 == 0) throw new IllegalArgumentException("stem kernel " + stemKernel + " must be odd");
    if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout " + dropout);
    if (!"trilinear".equals(interpolation) && !"nearest".equals(interpolation)) {
      throw new IllegalArgumentException("interpolation must be trilinear or nearest, not " + interpolation);
    }
    widths = widths.clone();
    blocks = blocks.clone();
    inputFeatures = List.copyOf(inputFeatures);
  }

  private static final int[] REFERENCE_WIDTHS = {32, 32, 64, 128, 256, 256, 128, 96, 96};

  /** SPVCNN as in the reference: voxel 0.1 m, intensity input, 2 residual blocks per stage, 512-d output. */
  public static NetworkConfig spvcnn() {
    return new NetworkConfig(Architecture.SPVCNN, REFERENCE_WIDTHS, new int[] {2, 2, 2, 2, 2, 2, 2, 2}, 0.1,
        List.of("intensity"), 512, 3, 0.3f, "trilinear");
  }

  /** MinkUNet14A: one block per stage, decoder widths 128, 128, 96, 96; voxel 0.05 m, RGB input (indoor reference). */
  public static NetworkConfig minkUNet14A() {
    return new NetworkConfig(Architecture.MINKUNET, new int[] {32, 32, 64, 128, 256, 128, 128, 96, 96},
        new int[] {1, 1, 1, 1, 1, 1, 1, 1}, 0.05, List.of("r", "g", "b"), 512, 5, 0f, "trilinear");
  }

  /** MinkUNet18: two blocks per stage. */
  public static NetworkConfig minkUNet18() {
    return new NetworkConfig(Architecture.MINKUNET, REFERENCE_WIDTHS, new int[] {2, 2, 2, 2, 2, 2, 2, 2}, 0.05,
        List.of("r", "g", "b"), 512, 5, 0f, "trilinear");
  }

  /** MinkUNet34: blocks 2, 3, 4, 6 down and 2 per stage up. */
  public static NetworkConfig minkUNet34() {
    return new NetworkConfig(Architecture.MINKUNET, REFERENCE_WIDTHS, new int[] {2, 3, 4, 6, 2, 2, 2, 2}, 0.05,
        List.of("r", "g", "b"), 512, 5, 0f, "trilinear");
  }

  /** The named presets, in the order listed to users. */
  public static final Map<String, Supplier<NetworkConfig>> PRESETS = presets();

  private static Map<String, Supplier<NetworkConfig>> presets() {
    Map<String, Supplier<NetworkConfig>> m = new LinkedHashMap<>();
    m.put("spvcnn", NetworkConfig::spvcnn);
    m.put("minkunet14a", NetworkConfig::minkUNet14A);
    m.put("minkunet18", NetworkConfig::minkUNet18);
    m.put("minkunet34", NetworkConfig::minkUNet34);
    return Collections.unmodifiableMap(m);
  }

  /** A named preset from {@link #PRESETS} (case-insensitive). */
  public static NetworkConfig preset(String name) {
    Supplier<NetworkConfig> p = PRESETS.get(name.toLowerCase(java.util.Locale.ROOT));
    if (p == null) throw new IllegalArgumentException("unknown network '" + name + "' (" + String.join(", ", PRESETS.keySet()) + ")");
    return p.get();
  }

  public int inputChannels() {
    return inputFeatures.size();
  }

  /** Fails unless points carrying GIVEN feature channels (after x, y, z) fit the network's input. */
  public void requireInputChannels(int given) {
    if (given != inputChannels()) {
      throw new IllegalArgumentException("points carry " + given + " feature channels; the network expects " + inputChannels() + " " + inputFeatures);
    }
  }

  public NetworkConfig withWidths(int[] w) {
    return new NetworkConfig(architecture, w, blocks, voxelSize, inputFeatures, outputDim, stemKernel, dropout, interpolation);
  }

  public NetworkConfig withOutputDim(int d) {
    return new NetworkConfig(architecture, widths, blocks, voxelSize, inputFeatures, d, stemKernel, dropout, interpolation);
  }

  public NetworkConfig withBlocks(int[] b) {
    return new NetworkConfig(architecture, widths, b, voxelSize, inputFeatures, outputDim, stemKernel, dropout, interpolation);
  }

  public NetworkConfig withDropout(float d) {
    return new NetworkConfig(architecture, widths, blocks, voxelSize, inputFeatures, outputDim, stemKernel, d, interpolation);
  }

  public NetworkConfig withVoxelSize(double v) {
    return new NetworkConfig(architecture, widths, blocks, v, inputFeatures, outputDim, stemKernel, dropout, interpolation);
  }

  public NetworkConfig withInputFeatures(List<String> f) {
    return new NetworkConfig(architecture, widths, blocks, voxelSize, f, outputDim, stemKernel, dropout, interpolation);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkConfig c && architecture == c.architecture && Arrays.equals(widths, c.widths)
        && Arrays.equals(blocks, c.blocks) && voxelSize == c.voxelSize && inputFeatures.equals(c.inputFeatures)
        && outputDim == c.outputDim && stemKernel == c.stemKernel && dropout == c.dropout && interpolation.equals(c.interpolation);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(widths) * 31 + architecture.hashCode();
  }
}
