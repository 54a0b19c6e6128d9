package io.tal4j.loss;

/**
 * The hot loop of the loss: the class term of background logits (target 0) and its gradient,
 * over a contiguous run of logits. Two implementations give the same results to float32
 * rounding: {@code VectorClassKernels} (jdk.incubator.vector, used when that module is readable,
 * e.g. {@code --add-modules jdk.incubator.vector}) and {@link ScalarClassKernels}.
 * {@code -Dtal4j.vector=false} forces the scalar path.
 */
interface ClassKernels {
  /**
   * Background BCE: returns Σ softplus(x_i) = Σ BCE(x_i, 0) over {@code x[off..off+len)} and
   * writes {@code grad[i] = sigmoid(x_i) · gradScale}.
   */
  double background(float[] x, float[] grad, int off, int len, float gradScale);

  /** Whether every value of {@code x[off..off+len)} is finite. */
  boolean allFinite(float[] x, int off, int len);

  /** Short name of the path: "vector (…)" or "scalar". */
  String description();

  /** The implementation this JVM can run, chosen once. */
  static ClassKernels get() {
    return Holder.INSTANCE;
  }

  /** Lazy holder of the chosen implementation. */
  final class Holder {
    static final ClassKernels INSTANCE = choose();

    private Holder() {}

    private static ClassKernels choose() {
      if ("false".equalsIgnoreCase(System.getProperty("tal4j.vector"))) {
        return new ScalarClassKernels();
      }
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        System.getLogger("io.tal4j").log(System.Logger.Level.DEBUG,
            "jdk.incubator.vector is not readable: scalar class term (pass --add-modules jdk.incubator.vector)");
        return new ScalarClassKernels();
      }
      try {
        return (ClassKernels) Class.forName("io.tal4j.loss.VectorClassKernels").getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        System.getLogger("io.tal4j").log(System.Logger.Level.WARNING,
            "Vector API unusable, scalar class term: " + e);
        return new ScalarClassKernels();
      }
    }
  }
}
