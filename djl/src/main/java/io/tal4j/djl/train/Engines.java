package io.tal4j.djl.train;

/**
 * The engine settings training needs, applied before DJL's engine is first touched (the top of
 * {@code main}). Each is set only when the user has not set it already.
 *
 * <ul>
 *   <li>{@code ai.djl.offline=true}: nothing is downloaded; the PyTorch natives come from the class
 *       path.
 *   <li>{@code ai.djl.pytorch.num_threads} = available processors: without it the thread count
 *       follows {@code OMP_NUM_THREADS}, which silently makes training single-threaded when it is 1.
 *   <li>{@code ai.djl.pytorch.num_interop_threads=1}.
 * </ul>
 *
 * <p>glibc's malloc settings cannot be set from inside the JVM; launch scripts set {@link
 * #MALLOC_ENV} (9–15 % faster steps, see {@code djl-training-facts.md}).
 */
public final class Engines {
  /** Environment for the launcher: fewer page faults per step with glibc malloc. */
  public static final String MALLOC_ENV =
      "MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184 MALLOC_TOP_PAD_=268435456";

  private Engines() {}

  /** Sets the properties above (only those not already set); returns the intra-op thread count. */
  public static int configure() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    return Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads"));
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
