package io.tal4j.djl.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training metrics, one row per epoch, written to {@code metrics.csv} (rewritten whole after
 * each row, so the file is always complete). Columns: {@link #HEADER}; the loss terms are the
 * epoch's means; the mAP columns are empty for an epoch without validation; {@code rss_mb} is the
 * process's resident memory, which stays flat over a run (no array outlives its step).
 */
public final class MetricsCsv {
  /** Column names. */
  public static final String HEADER =
      "epoch,step,images,seconds,lr,box,cls,dfl,map50,map50_95,ap_small,ap_medium,ap_large,rss_mb";

  /** One row: training loss means since the previous row, then held-out metrics. */
  public static final class Row {
    public final int epoch;
    public final int step;
    public final long images;
    public final double seconds;
    public final double lr;
    public final double box;
    public final double cls;
    public final double dfl;
    public final double map50;
    public final double map5095;
    public final double apSmall;
    public final double apMedium;
    public final double apLarge;
    /** Resident memory of the process in MB when the row was written (NaN where unknown). */
    public final double rssMb;

    public Row(int epoch, int step, long images, double seconds, double lr, double box, double cls, double dfl,
        double map50, double map5095, double apSmall, double apMedium, double apLarge) {
      this.epoch = epoch;
      this.step = step;
      this.images = images;
      this.seconds = seconds;
      this.lr = lr;
      this.box = box;
      this.cls = cls;
      this.dfl = dfl;
      this.map50 = map50;
      this.map5095 = map5095;
      this.apSmall = apSmall;
      this.apMedium = apMedium;
      this.apLarge = apLarge;
      this.rssMb = residentMb();
    }

    String csv() {
      return String.format(Locale.ROOT, "%d,%d,%d,%.1f,%.6g,%.5f,%.5f,%.5f,%s,%s,%s,%s,%s,%s", epoch, step, images,
          seconds, lr, box, cls, dfl, num(map50), num(map5095), num(apSmall), num(apMedium), num(apLarge),
          Double.isNaN(rssMb) ? "" : String.format(Locale.ROOT, "%.0f", rssMb));
    }

    private static String num(double v) {
      return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5f", v);
    }
  }

  /** VmRSS from /proc/self/status in MB, NaN if not available (not Linux). */
  static double residentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private final Path file;
  private final List<Row> rows = new ArrayList<>();

  public MetricsCsv(Path file) {
    this.file = file;
  }

  /** Adds a row and rewrites the file. */
  public void add(Row row) throws IOException {
    rows.add(row);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(HEADER);
      w.write('\n');
      for (Row r : rows) {
        w.write(r.csv());
        w.write('\n');
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The rows so far. */
  public List<Row> rows() {
    return List.copyOf(rows);
  }
}
