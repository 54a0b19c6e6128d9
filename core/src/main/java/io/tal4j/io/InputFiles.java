package io.tal4j.io;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Checks made before reading a file, so that the error names the file and says what is wrong. */
final class InputFiles {
  private InputFiles() {}

  /**
   * @param kind what the file should be, e.g. "a .npz archive"
   * @throws NoSuchFileException if it does not exist
   * @throws FileSystemException if it is a directory
   */
  static void requireFile(Path file, String kind) throws FileSystemException {
    if (Files.isDirectory(file)) {
      throw new FileSystemException(file.toString(), null, "is a directory, not " + kind);
    }
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
  }
}
