package io.tal4j.djl.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The training progress line: epoch, step, the three loss terms, images per second and the time
 * left. On a terminal the line is rewritten in place; otherwise (logs, CI) a line is printed at
 * most every {@code interval} seconds and at each epoch's end.
 */
public final class ProgressBar {
  private final PrintStream out;
  private final boolean inPlace;
  private final double intervalSeconds;
  private double lastPrint = Double.NEGATIVE_INFINITY;
  private int lastLength;

  /**
   * @param out where to print (the command's stderr or stdout)
   * @param inPlace rewrite one line with carriage returns (a terminal)
   * @param intervalSeconds minimum seconds between lines when not in place
   */
  public ProgressBar(PrintStream out, boolean inPlace, double intervalSeconds) {
    this.out = out;
    this.inPlace = inPlace;
    this.intervalSeconds = intervalSeconds;
  }

  /** Formats the line (public for tests and logs). */
  public static String format(int epoch, int epochs, int step, int steps, double box, double cls, double dfl,
      double imagesPerSecond, double secondsLeft) {
    String ep = epochs > 0 ? epoch + "/" + epochs : Integer.toString(epoch);
    return String.format(Locale.ROOT, "epoch %s  step %d/%d  box %.3f  cls %.3f  dfl %.3f  %.0f img/s  left %s",
        ep, step, steps, box, cls, dfl, imagesPerSecond, clock(secondsLeft));
  }

  /** m:ss (or h:mm:ss), "?" when unknown. */
  public static String clock(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** Shows a line; {@code force} prints it even within the interval (end of an epoch). */
  public void update(String line, double nowSeconds, boolean force) {
    if (inPlace) {
      String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
      out.print("\r" + line + pad);
      if (force) {
        out.println();
        lastLength = 0;
      } else {
        lastLength = line.length();
      }
      out.flush();
    } else if (force || nowSeconds - lastPrint >= intervalSeconds) {
      out.println(line);
      out.flush();
      lastPrint = nowSeconds;
    }
  }

  /** Prints a message on its own line (ending an in-place line first). */
  public void message(String text) {
    if (inPlace && lastLength > 0) {
      out.println();
      lastLength = 0;
    }
    out.println(text);
    out.flush();
  }
}
