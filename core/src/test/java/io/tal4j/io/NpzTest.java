package io.tal4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npz archives: the python-written golden files, NumPy fixtures, round trips, broken archives. */
final class NpzTest {
  @TempDir Path dir;

  static Path resource(String name) {
    try {
      return Path.of(NpzTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void read_goldenCocoLike_shapesTypesAndValues() throws IOException {
    // Values printed by NumPy from the same file (np.load, python 3, numpy 2.4).
    Map<String, NpyArray> z = Npz.read(resource("golden/coco_like_640.npz"));
    assertEquals(List.of("feat0", "feat1", "feat2", "targets", "loss", "loss_items", "loss_f32",
        "loss_items_f32", "grad0", "grad1", "grad2", "fg_mask_0", "target_gt_idx_0", "target_labels_0",
        "target_bboxes_0", "target_score_0"), List.copyOf(z.keySet()));

    NpyArray feat0 = z.get("feat0");
    assertEquals(NpyDtype.FLOAT32, feat0.dtype());
    assertArrayEquals(new int[] {1, 144, 80, 80}, feat0.shape());
    float[] f0 = feat0.toFloatArray();
    assertEquals(0.646703f, f0[0]);
    assertEquals(0.052298136f, f0[((0 * 144 + 5) * 80 + 10) * 80 + 20]); // feat0[0, 5, 10, 20]
    assertEquals(-2.97172f, f0[f0.length - 1]);
    assertEquals(-5.130709f, z.get("feat2").toFloatArray()[144 * 20 * 20 - 1]);

    NpyArray targets = z.get("targets");
    assertArrayEquals(new int[] {7, 6}, targets.shape());
    float[] t = targets.toFloatArray();
    assertArrayEquals(new float[] {0f, 19f, 0.18807055f, 0.6853089f, 0.123400636f, 0.5869629f},
        java.util.Arrays.copyOfRange(t, 36, 42));

    NpyArray loss = z.get("loss");
    assertEquals(NpyDtype.FLOAT64, loss.dtype());
    assertEquals(0, loss.rank());
    assertEquals(1153.973376658695, loss.scalarValue());
    assertArrayEquals(new double[] {4.438738368359852, 1144.7785626605341, 4.756075629800966},
        z.get("loss_items").toDoubleArray());

    NpyArray fg = z.get("fg_mask_0");
    assertEquals(NpyDtype.UINT8, fg.dtype());
    assertArrayEquals(new int[] {1, 8400}, fg.shape());
    boolean[] positive = fg.toBooleanArray();
    int count = 0;
    for (boolean p : positive) {
      count += p ? 1 : 0;
    }
    assertEquals(70, count);
    assertTrue(positive[1738] && positive[8232] && !positive[1737]);

    NpyArray gtIndex = z.get("target_gt_idx_0");
    assertEquals(NpyDtype.INT64, gtIndex.dtype());
    assertArrayEquals(new int[] {1, 8400}, gtIndex.shape());
    long[] g = gtIndex.toLongArray();
    assertEquals(5, g[1738]);
    assertEquals(210, java.util.Arrays.stream(g).sum());

    NpyArray boxes = z.get("target_bboxes_0");
    assertArrayEquals(new int[] {1, 8400, 4}, boxes.shape());
    float[] b = boxes.toFloatArray();
    assertArrayEquals(new float[] {460.43497f, 170.34084f, 486.82004f, 202.86751f},
        java.util.Arrays.copyOfRange(b, 1738 * 4, 1738 * 4 + 4));
  }

  @Test
  void read_everyGoldenCase_hasFeaturesAndTargets() throws IOException {
    List<Path> cases;
    try (Stream<Path> s = Stream.concat(Files.list(resource("golden")), Files.list(resource("golden-ultralytics")))) {
      cases = s.filter(p -> p.toString().endsWith(".npz")).sorted().collect(Collectors.toList());
    }
    assertEquals(29, cases.size());
    for (Path p : cases) {
      Map<String, NpyArray> z = Npz.read(p);
      NpyArray targets = z.get("targets");
      assertEquals(2, targets.rank(), p.toString());
      assertEquals(6, targets.dim(1), p.toString());
      NpyArray feat0 = z.get("feat0");
      assertEquals(4, feat0.rank(), p.toString());
      assertEquals(NpyDtype.FLOAT32, feat0.dtype(), p.toString());
      assertEquals(0, z.get("loss").rank(), p.toString());
    }
  }

  @Test
  void read_numpyFixtures_storedAndDeflatedAgree() throws IOException {
    Map<String, NpyArray> stored = Npz.read(resource("io/dtypes_stored.npz"));
    Map<String, NpyArray> deflated = Npz.read(resource("io/dtypes_deflated.npz"));
    assertEquals(stored, deflated);
    assertEquals(List.of("f4", "f8", "i8", "i4", "u1", "b1", "scalar", "empty", "empty_middle"),
        List.copyOf(stored.keySet()));

    assertEquals(NpyDtype.FLOAT32, stored.get("f4").dtype());
    assertArrayEquals(new float[] {1.5f, -2.25f, 3f, (float) Math.PI, -0f, 1e-30f}, stored.get("f4").toFloatArray());
    assertArrayEquals(new double[] {Math.PI, -1e300, Double.MIN_VALUE}, stored.get("f8").toDoubleArray());
    assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, 42}, stored.get("i8").toLongArray());
    assertEquals(NpyDtype.INT32, stored.get("i4").dtype());
    assertArrayEquals(new int[] {2, 3}, stored.get("i4").shape());
    assertArrayEquals(new int[] {-3, -2, -1, 0, 1, 2}, stored.get("i4").toIntArray());
    assertArrayEquals(new int[] {0, 1, 127, 128, 255}, stored.get("u1").toIntArray());
    assertArrayEquals(new boolean[] {true, false, false, true}, stored.get("b1").toBooleanArray());
    assertEquals(0, stored.get("scalar").rank());
    assertEquals(2.5, stored.get("scalar").scalarValue());
    assertArrayEquals(new int[] {0, 6}, stored.get("empty").shape());
    assertEquals(0, stored.get("empty").size());
    assertArrayEquals(new int[] {2, 0, 3}, stored.get("empty_middle").shape());
    assertEquals(NpyDtype.INT64, stored.get("empty_middle").dtype());
  }

  @Test
  void write_thenRead_sameArraysInSameOrder_storedAndCompressed() throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(resource("io/dtypes_stored.npz")));
    arrays.put("big", NpyArray.ofFloats(ramp(100_002), 6, 16_667)); // more than one 64 KiB chunk
    for (boolean compress : new boolean[] {false, true}) {
      Path out = dir.resolve("round" + compress + ".npz");
      Npz.write(out, arrays, compress);
      assertEquals(arrays, Npz.read(out));
      assertEquals(List.copyOf(arrays.keySet()), List.copyOf(Npz.read(out).keySet()));
      try (ZipFile zip = new ZipFile(out.toFile())) {
        ZipEntry e = zip.getEntry("big.npy");
        assertEquals(compress ? ZipEntry.DEFLATED : ZipEntry.STORED, e.getMethod());
      }
    }
  }

  @Test
  void write_uncompressed_entryBytesEqualNumpys() throws IOException {
    // np.savez stores each array exactly as np.save writes it: same header, same padding.
    Map<String, NpyArray> numpy = Npz.read(resource("io/dtypes_stored.npz"));
    Path out = dir.resolve("same.npz");
    Npz.write(out, numpy, false);
    try (ZipFile ours = new ZipFile(out.toFile());
        ZipFile theirs = new ZipFile(resource("io/dtypes_stored.npz").toFile())) {
      for (String key : numpy.keySet()) {
        assertArrayEquals(bytes(theirs, key + ".npy"), bytes(ours, key + ".npy"), key);
      }
    }
  }

  @Test
  void write_isDeterministic() throws IOException {
    Map<String, NpyArray> arrays = Map.of("a", NpyArray.ofInts(new int[] {1, 2, 3}, 3));
    Npz.write(dir.resolve("1.npz"), arrays, true);
    Npz.write(dir.resolve("2.npz"), arrays, true);
    assertArrayEquals(Files.readAllBytes(dir.resolve("1.npz")), Files.readAllBytes(dir.resolve("2.npz")));
  }

  @Test
  void write_replacesExistingFile() throws IOException {
    Path out = dir.resolve("out.npz");
    Files.writeString(out, "old content");
    Npz.write(out, Map.of("x", NpyArray.scalar(1.0)), true);
    assertEquals(1.0, Npz.read(out).get("x").scalarValue());
    assertEquals(List.of(out), listDir());
  }

  @Test
  void write_failure_leavesNoFile() throws IOException {
    // The target is a non-empty directory: the final rename fails after all bytes were written.
    Path target = dir.resolve("taken");
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep"), "x");
    assertThrows(IOException.class, () -> Npz.write(target, Map.of("x", NpyArray.scalar(1.0)), false));
    assertEquals(List.of(target), listDir());

    Path missingDir = dir.resolve("no/such/dir/out.npz");
    assertThrows(IOException.class, () -> Npz.write(missingDir, Map.of("x", NpyArray.scalar(1.0)), false));
    assertEquals(List.of(target), listDir());
  }

  @Test
  void write_emptyName_refused() {
    Path out = dir.resolve("x.npz");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Npz.write(out, Map.of("", NpyArray.scalar(1.0)), false));
    assertTrue(e.getMessage().contains("name must not be empty"), e.getMessage());
    assertTrue(Files.notExists(out));
  }

  @Test
  void read_notAZip_namesTheFile() throws IOException {
    Path bad = dir.resolve("bad.npz");
    Files.writeString(bad, "{\"this is\": \"json, not a zip\"}");
    FormatException e = assertThrows(FormatException.class, () -> Npz.read(bad));
    assertTrue(e.getMessage().startsWith(bad + ": not a .npz archive"), e.getMessage());
  }

  @Test
  void read_missingFile_isIoException() {
    assertThrows(java.nio.file.NoSuchFileException.class, () -> Npz.read(dir.resolve("absent.npz")));
  }

  @Test
  void read_truncatedArchive_formatError() throws IOException {
    byte[] whole = Files.readAllBytes(resource("io/dtypes_deflated.npz"));
    Path cut = dir.resolve("cut.npz");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
    FormatException e = assertThrows(FormatException.class, () -> Npz.read(cut));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
  }

  @Test
  void read_corruptStoredEntry_crcMismatchNamesEntry() throws IOException {
    Path out = dir.resolve("crc.npz");
    Npz.write(out, Map.of("x", NpyArray.ofDoubles(new double[] {1, 2, 3, 4}, 4)), false);
    byte[] bytes = Files.readAllBytes(out);
    // The stored data's last double (4.0 = 0x4010000000000000) ends right before the central
    // directory; flip a bit in its most significant byte.
    int at = indexOf(bytes, new byte[] {0, 0, 0, 0, 0, 0, 0x10, 0x40}) + 7;
    bytes[at] ^= 0x01;
    Files.write(out, bytes);
    FormatException e = assertThrows(FormatException.class, () -> Npz.read(out));
    assertTrue(e.getMessage().contains("entry x.npy") && e.getMessage().contains("CRC-32"), e.getMessage());
  }

  @Test
  void read_corruptDeflatedEntry_formatErrorNamesEntry() throws IOException {
    Path out = dir.resolve("deflate.npz");
    Npz.write(out, Map.of("feat", NpyArray.ofFloats(ramp(5000), 5000)), true);
    byte[] bytes = Files.readAllBytes(out);
    // Scramble the middle of the compressed stream (after the 30 + 8 byte local header).
    for (int i = 200; i < 260; i++) {
      bytes[i] = (byte) (bytes[i] * 31 + 7);
    }
    Files.write(out, bytes);
    FormatException e = assertThrows(FormatException.class, () -> Npz.read(out));
    assertTrue(e.getMessage().contains("entry feat.npy"), e.getMessage());
  }

  @Test
  void read_entryWithBadHeader_namesEntry() throws IOException {
    Path out = dir.resolve("hdr.npz");
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
      zip.putNextEntry(new ZipEntry("targets.npy"));
      zip.write(NpyTest.withHeader("{'descr': '<f4', 'fortran_order': False, }", new byte[0]));
      zip.closeEntry();
    }
    FormatException e = assertThrows(FormatException.class, () -> Npz.read(out));
    assertTrue(e.getMessage().startsWith(out + " entry targets.npy: .npy header lacks 'shape'"), e.getMessage());
  }

  @Test
  void read_entryShorterThanItsHeaderSays_refusedBeforeAllocating() throws IOException {
    Path out = dir.resolve("liar.npz");
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
      zip.putNextEntry(new ZipEntry("feat0.npy"));
      zip.write(NpyTest.withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (64, 1024, 1024, 16), }",
          new byte[16]));
      zip.closeEntry();
    }
    FormatException e = assertThrows(FormatException.class, () -> Npz.read(out));
    assertTrue(e.getMessage().startsWith(out + " entry feat0.npy: truncated data: the header declares <f4 "
        + "(64, 1024, 1024, 16) = 4294967296 bytes, but only 16 follow it"), e.getMessage());
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().collect(Collectors.toList());
    }
  }

  static float[] ramp(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) Math.sin(i * 0.01) * 3 + i * 1e-4f;
    }
    return a;
  }

  private static byte[] bytes(ZipFile zip, String name) throws IOException {
    try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return in.readAllBytes();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found");
  }
}
