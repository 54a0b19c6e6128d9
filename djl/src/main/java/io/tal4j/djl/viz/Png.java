package io.tal4j.djl.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Writes PNG files: to a temporary file beside the target, then moved into place. */
public final class Png {
  private Png() {
  }

  /**
   * Writes {@code image} as a PNG at {@code file}, creating missing parent folders. On failure no
   * partial file is left at {@code file}.
   */
  public static void write(BufferedImage image, Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
    try {
      if (!ImageIO.write(image, "png", tmp.toFile())) {
        throw new IOException("no PNG writer for image type " + image.getType());
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
