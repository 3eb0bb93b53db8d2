package dev.clip2scene.model.clip;

/** Tokenizer files that are missing or malformed; the message names the file and where to get a good one. */
public final class TokenizerException extends RuntimeException {
  public TokenizerException(String message) {
    super(message);
  }

  public TokenizerException(String message, Throwable cause) {
    super(message, cause);
  }
}
