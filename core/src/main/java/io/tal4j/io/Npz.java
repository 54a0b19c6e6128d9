package io.tal4j.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npz} archives: a zip file with one {@code NAME.npy} entry per
 * array, stored ({@code np.savez}) or deflate-compressed ({@code np.savez_compressed}).
 *
 * <p>Errors in the content throw {@link FormatException} naming the file, the entry and what is
 * wrong; I/O failures (missing file, disk error) throw {@link IOException}.
 */
public final class Npz {
  /** Entry timestamp NumPy writes (the zip format's earliest date), so output bytes are reproducible. */
  private static final LocalDateTime ZIP_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

  private Npz() {}

  /**
   * Reads every array of an archive.
   *
   * @return arrays by name (the entry name without {@code .npy}), in archive order; unmodifiable
   * @throws FormatException if the file is not a zip archive, an entry is not a supported
   *     {@code .npy} array, is corrupt or truncated, or two entries have the same name
   * @throws IOException if the file cannot be read
   */
  public static Map<String, NpyArray> read(Path file) throws IOException {
    InputFiles.requireFile(file, "a .npz archive");
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new FormatException(file + ": not a .npz archive (" + e.getMessage() + ")", e);
    }
    try (zip) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        String source = file + " entry " + name;
        if (arrays.containsKey(key)) {
          throw new FormatException(source + ": a second array named '" + key + "'");
        }
        arrays.put(key, readEntry(zip, entry, source));
      }
    }
    return Collections.unmodifiableMap(arrays);
  }

  private static NpyArray readEntry(ZipFile zip, ZipEntry entry, String source) throws IOException {
    CRC32 crc = new CRC32();
    try (InputStream in = new CheckedInputStream(new BufferedInputStream(zip.getInputStream(entry), 1 << 16), crc)) {
      NpyArray array = Npy.read(in, source, entry.getSize());
      Npy.requireEnd(in, source);
      if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
        throw new FormatException(source + ": corrupt entry (CRC-32 " + Long.toHexString(crc.getValue())
            + " does not match the archive's " + Long.toHexString(entry.getCrc()) + ")");
      }
      return array;
    } catch (ZipException | EOFException e) {
      throw new FormatException(source + ": corrupt or truncated entry (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Writes {@code arrays} as an archive, atomically: the bytes go to a temporary file in the same
   * directory, which then replaces {@code file}; on any error no file is left behind.
   *
   * @param arrays arrays by name, written in iteration order as {@code NAME.npy} entries
   * @param compress deflate the entries (as {@code np.savez_compressed}); otherwise store them
   *     (as {@code np.savez})
   * @throws IllegalArgumentException if a name is empty or a value is null
   */
  public static void write(Path file, Map<String, NpyArray> arrays, boolean compress) throws IOException {
    Objects.requireNonNull(arrays, "arrays");
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty()) {
        throw new IllegalArgumentException(file + ": array name must not be empty");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(file + ": array '" + e.getKey() + "' is null");
      }
    }
    AtomicFiles.write(file, out -> writeArchive(out, arrays, compress));
  }

  private static void writeArchive(OutputStream out, Map<String, NpyArray> arrays, boolean compress)
      throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      writeEntries(zip, arrays, compress);
    }
  }

  private static void writeEntries(ZipOutputStream zip, Map<String, NpyArray> arrays, boolean compress)
      throws IOException {
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
      entry.setTimeLocal(ZIP_EPOCH);
      if (compress) {
        entry.setMethod(ZipEntry.DEFLATED);
      } else {
        // A stored entry needs its size and CRC before its data: one pass to measure, one to write.
        CRC32 crc = new CRC32();
        CountingSink sink = new CountingSink();
        Npy.write(new CheckedOutputStream(sink, crc), e.getValue());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(sink.count);
        entry.setCompressedSize(sink.count);
        entry.setCrc(crc.getValue());
      }
      zip.putNextEntry(entry);
      Npy.write(zip, e.getValue());
      zip.closeEntry();
    }
  }

  /** Discards bytes, counting them. */
  private static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
