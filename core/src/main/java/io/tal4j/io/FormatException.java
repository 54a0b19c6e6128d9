package io.tal4j.io;

/**
 * Input whose content does not follow its format: a {@code .npy} header NumPy would not write, an
 * unsupported type, truncated data, a corrupt {@code .npz} archive, a JSON syntax error. The
 * message names the source (file, archive entry, or line and column) and what is wrong.
 */
public class FormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @param message names the source and what is wrong */
  public FormatException(String message) {
    super(message);
  }

  /** @param message names the source and what is wrong; {@code cause} is the underlying error */
  public FormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
