package dev.clip2scene.msgs.cdr;

/**
 * A CDR payload that cannot be decoded (or a value that cannot be encoded). The message always names the message
 * type, the field path and the byte offset in the payload (counted from the first byte of the 4-byte
 * encapsulation header).
 */
public class CdrException extends RuntimeException {
  private final String messageType;
  private final String fieldPath;
  private final long offset;

  public CdrException(String messageType, String fieldPath, long offset, String problem) {
    super(messageType + ": field '" + fieldPath + "' at byte offset " + offset + ": " + problem);
    this.messageType = messageType;
    this.fieldPath = fieldPath;
    this.offset = offset;
  }

  /** For subclasses whose MESSAGE says where in its own terms; FIELDPATH and OFFSET are still recorded. */
  protected CdrException(String message, String messageType, String fieldPath, long offset) {
    super(message);
    this.messageType = messageType;
    this.fieldPath = fieldPath;
    this.offset = offset;
  }

  public String messageType() {
    return messageType;
  }

  public String fieldPath() {
    return fieldPath;
  }

  public long offset() {
    return offset;
  }
}
