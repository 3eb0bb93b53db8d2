package dev.clip2scene.nodes.cli.clip;

import picocli.CommandLine;

/** An image size given as HEIGHTxWIDTH on the command line, e.g. 224x416. */
record ImageSize(int height, int width) {
  ImageSize {
    if (height <= 0 || width <= 0) throw new IllegalArgumentException("image size " + height + "x" + width + " must be positive");
  }

  @Override
  public String toString() {
    return height + "x" + width;
  }

  static final class Converter implements CommandLine.ITypeConverter<ImageSize> {
    @Override
    public ImageSize convert(String value) {
      String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x");
      try {
        if (parts.length == 2) return new ImageSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      } catch (IllegalArgumentException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not a size HEIGHTxWIDTH such as 224x416");
    }
  }
}
