package dev.clip2scene.model.image;

/**
 * Caps on what decoding one image may allocate, checked from its header before any pixel is decoded: a corrupt or
 * hostile header must fail with a clear error, not take the heap.
 *
 * @param maxPixels most pixels (width x height)
 * @param maxBytes most bytes of decoded pixels: the decoder's raster (at its bit depth) plus the 8-bit RGB result
 */
public record ImageLimits(long maxPixels, long maxBytes) {
  /** 67 megapixels and 256 MiB: far above camera images (a 4K RGB frame is 25 MB), far below a typical heap. */
  public static final ImageLimits DEFAULT = new ImageLimits(1L << 26, 256L << 20);

  public ImageLimits {
    if (maxPixels <= 0 || maxBytes <= 0) throw new IllegalArgumentException("image limits must be positive");
  }
}
