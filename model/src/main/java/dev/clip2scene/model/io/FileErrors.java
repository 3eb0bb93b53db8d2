package dev.clip2scene.model.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line for a failed file operation that names the file and what went wrong. The JDK's file exceptions often
 * carry only the path as their message ("/data/out"), which reads like no error at all; their type says the rest.
 */
public final class FileErrors {
  private FileErrors() {}

  public static String describe(IOException e) {
    if (!(e instanceof FileSystemException f)) return e.getMessage() == null ? e.toString() : e.getMessage();
    String reason = f.getReason() != null ? f.getReason()
        : f instanceof NoSuchFileException ? "no such file or folder"
        : f instanceof AccessDeniedException ? "permission denied"
        : f instanceof FileAlreadyExistsException ? "already exists"
        : f instanceof NotDirectoryException ? "not a folder"
        : f instanceof DirectoryNotEmptyException ? "folder is not empty"
        : e.getClass().getSimpleName();
    return (f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile())
        + ": ") + reason;
  }
}
