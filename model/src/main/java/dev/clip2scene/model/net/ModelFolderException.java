package dev.clip2scene.model.net;

/** A model folder that cannot be read or written: names the folder and the file. */
public final class ModelFolderException extends RuntimeException {
  public ModelFolderException(String message) {
    super(message);
  }

  public ModelFolderException(String message, Throwable cause) {
    super(message, cause);
  }
}
