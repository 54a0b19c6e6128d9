package io.tal4j.djl.data;

import io.tal4j.djl.eval.GroundTruth;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Brings the images of a {@link YoloDataset} to the network's S×S input: decode, {@link
 * Letterbox}, optionally {@link Augment}, convert to CHW floats in [0, 1]; and gives the boxes
 * normalized to that input.
 *
 * <p>With {@code cacheImages}, each image's letterboxed pixels are kept after the first load (4·S²
 * bytes per image, e.g. 100 kB at 160²), so later epochs skip decoding. Thread-safe as long as each
 * thread passes its own {@link Random}.
 *
 * <p>Evaluation: compare detections and ground truths in input pixels ({@link
 * #groundTruthsInInput}) with {@code new CocoEvaluator(nc, imgsz)}, so that the size ranges, scaled
 * by (imgsz / 640)², refer to the frame the boxes are in; map detections to the original image
 * with {@link Letterbox#toOriginal} for pictures and files.
 */
public final class SampleLoader {
  private static final float[] UNIT = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      UNIT[i] = i / 255f;
    }
  }

  private final YoloDataset dataset;
  private final int imgsz;
  private final Augment augment;
  private final boolean cacheImages;
  private final AtomicReferenceArray<int[]> cache;
  private final AtomicReferenceArray<Letterbox> letterboxes;

  /**
   * @param dataset the images and labels
   * @param imgsz S, the square input side in pixels
   * @param augment the augmentation applied when {@link #load} is asked to augment
   * @param cacheImages keep letterboxed pixels in memory after the first load
   */
  public SampleLoader(YoloDataset dataset, int imgsz, Augment augment, boolean cacheImages) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    if (imgsz < 1) {
      throw new IllegalArgumentException("imgsz must be >= 1, got " + imgsz);
    }
    this.imgsz = imgsz;
    this.augment = Objects.requireNonNull(augment, "augment");
    this.cacheImages = cacheImages;
    this.cache = new AtomicReferenceArray<>(dataset.size());
    this.letterboxes = new AtomicReferenceArray<>(dataset.size());
  }

  /** Number of images. */
  public int size() {
    return dataset.size();
  }

  /** S, the input side in pixels. */
  public int imgsz() {
    return imgsz;
  }

  public YoloDataset dataset() {
    return dataset;
  }

  /**
   * Writes image {@code index} into {@code chw} and returns its boxes.
   *
   * @param chw output, 3·S·S floats (R, G, B planes), values 0..1; overwritten
   * @param augment apply the augmentation, drawn from {@code random}
   * @param random source of the augmentation's randomness (unused without augmentation)
   * @return rows of 5 floats {@code class, cx, cy, w, h}, normalized to the S×S input
   * @throws UncheckedIOException if the image cannot be read
   */
  public float[] load(int index, float[] chw, boolean augment, Random random) {
    return load(index, chw, 0, augment, random);
  }

  /** As {@link #load(int, float[], boolean, Random)}, writing at {@code offset} of {@code chw}. */
  public float[] load(int index, float[] chw, int offset, boolean augment, Random random) {
    int plane = imgsz * imgsz;
    if (offset < 0 || chw.length - offset < 3 * plane) {
      throw new IllegalArgumentException("chw: need 3*" + imgsz + "*" + imgsz + " floats from offset " + offset
          + ", array has " + chw.length);
    }
    int[] pixels = letterboxedPixels(index);
    Letterbox lb = letterboxes.get(index);
    float[] labels = lb.labelsToInput(dataset.labels(index));
    if (augment) {
      pixels = pixels.clone();
      this.augment.apply(pixels, imgsz, imgsz, labels, random);
    }
    toChw(pixels, chw, offset, plane);
    return labels;
  }

  /** Loads several images into one {@link ImageBatch}. */
  public ImageBatch batch(int[] indices, boolean augment, Random random) {
    int per = 3 * imgsz * imgsz;
    float[] images = new float[indices.length * per];
    float[] targets = new float[0];
    int rows = 0;
    List<Letterbox> lbs = new ArrayList<>(indices.length);
    for (int b = 0; b < indices.length; b++) {
      float[] boxes = load(indices[b], images, b * per, augment, random);
      int n = boxes.length / 5;
      targets = Arrays.copyOf(targets, (rows + n) * 6);
      for (int i = 0; i < n; i++) {
        targets[(rows + i) * 6] = b;
        System.arraycopy(boxes, i * 5, targets, (rows + i) * 6 + 1, 5);
      }
      rows += n;
      lbs.add(letterboxes.get(indices[b]));
    }
    return new ImageBatch(images, indices.length, imgsz, targets, rows, indices.clone(), lbs);
  }

  /**
   * The order of one epoch cut into batches: 0..n-1, shuffled with {@code random} (none when
   * null), in chunks of {@code batchSize}; the last chunk is shorter unless {@code dropLast}.
   */
  public static int[][] epochBatches(int n, int batchSize, Random random, boolean dropLast) {
    if (n < 0 || batchSize < 1) {
      throw new IllegalArgumentException("need n >= 0 and batchSize >= 1, got n=" + n + " batchSize=" + batchSize);
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (random != null) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    int full = n / batchSize;
    int count = dropLast || n % batchSize == 0 ? full : full + 1;
    int[][] out = new int[count][];
    for (int k = 0; k < count; k++) {
      int from = k * batchSize;
      out[k] = Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
    }
    return out;
  }

  /** How image {@code index} is fitted into the input (reads the image's header if needed). */
  public Letterbox letterbox(int index) {
    Letterbox lb = letterboxes.get(index);
    if (lb == null) {
      int[] wh = imageSize(dataset.image(index));
      lb = Letterbox.of(wh[0], wh[1], imgsz);
      letterboxes.compareAndSet(index, null, lb);
    }
    return lb;
  }

  /** Ground truths of image {@code index} in input pixels (not augmented), tagged {@code imageId}. */
  public List<GroundTruth> groundTruthsInInput(int index, int imageId) {
    float[] l = letterbox(index).labelsToInput(dataset.labels(index));
    return toGroundTruths(l, imageId, imgsz, imgsz);
  }

  /** Ground truths of image {@code index} in original pixels, tagged {@code imageId}. */
  public List<GroundTruth> groundTruthsInOriginal(int index, int imageId) {
    Letterbox lb = letterbox(index);
    return toGroundTruths(dataset.labels(index), imageId, lb.sourceWidth(), lb.sourceHeight());
  }

  private static List<GroundTruth> toGroundTruths(float[] l, int imageId, int w, int h) {
    List<GroundTruth> out = new ArrayList<>(l.length / 5);
    for (int r = 0; r < l.length; r += 5) {
      out.add(GroundTruth.fromNormalized(imageId, (int) l[r], l[r + 1], l[r + 2], l[r + 3], l[r + 4], w, h));
    }
    return out;
  }

  private int[] letterboxedPixels(int index) {
    int[] px = cacheImages ? cache.get(index) : null;
    if (px != null) {
      return px;
    }
    BufferedImage src;
    try {
      src = dataset.loadImage(index);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Letterbox lb = Letterbox.of(src.getWidth(), src.getHeight(), imgsz);
    letterboxes.compareAndSet(index, null, lb);
    BufferedImage boxed = lb.isIdentity() ? src : lb.apply(src);
    px = ((DataBufferInt) boxed.getRaster().getDataBuffer()).getData();
    if (cacheImages) {
      px = px.clone();
      cache.compareAndSet(index, null, px);
      return px;
    }
    return px;
  }

  /** Packed 0xRRGGBB pixels → R, G, B planes of floats in [0, 1]. */
  static void toChw(int[] pixels, float[] chw, int offset, int plane) {
    int g0 = offset + plane;
    int b0 = offset + 2 * plane;
    for (int i = 0; i < plane; i++) {
      int p = pixels[i];
      chw[offset + i] = UNIT[(p >> 16) & 0xff];
      chw[g0 + i] = UNIT[(p >> 8) & 0xff];
      chw[b0 + i] = UNIT[p & 0xff];
    }
  }

  /** Width and height of an image file from its header, without decoding the pixels. */
  static int[] imageSize(java.nio.file.Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in != null) {
        var readers = ImageIO.getImageReaders(in);
        if (readers.hasNext()) {
          ImageReader r = readers.next();
          try {
            r.setInput(in);
            return new int[] {r.getWidth(0), r.getHeight(0)};
          } finally {
            r.dispose();
          }
        }
      }
      throw new IOException(file + ": not a readable image (no ImageIO decoder)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
