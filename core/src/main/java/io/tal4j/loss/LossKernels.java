package io.tal4j.loss;

/**
 * The hot loops of the loss: the class term of background logits (target 0) and its gradient,
 * over a contiguous run of logits; the DFL decoding of a run of neighbouring cells; the softmax of
 * a positive's box side. Two
 * implementations give the same results to float32 rounding: {@code VectorLossKernels} (jdk.incubator.vector, used when that module is readable,
 * e.g. {@code --add-modules jdk.incubator.vector}) and {@link ScalarLossKernels}.
 * {@code -Dtal4j.vector=false} forces the scalar path.
 */
interface LossKernels {
  /**
   * Background BCE: returns Σ softplus(x_i) = Σ BCE(x_i, 0) over {@code x[off..off+len)} and
   * writes {@code grad[i] = sigmoid(x_i) · gradScale}. Returns NaN if any x_i is not finite.
   */
  double background(float[] x, float[] grad, int off, int len, float gradScale);

  /**
   * DFL decoding of one box side for {@code count} neighbouring cells: {@code out[outOff + i] =
   * Σ_j softmax(z)_j · j}, where bin j of cell i is {@code z[off + i + j·binStride]}.
   */
  void decodeSide(float[] z, int off, int binStride, int bins, int count, float[] out, int outOff);

  /**
   * Softmax of one box side's R bin logits at {@code z[off + j·binStride]} for the box terms:
   * probabilities to {@code probs[po..po+R)}, returns logsumexp (so that CE(z, y) = lse − z_y).
   * {@code scratch} holds at least R + 8 floats.
   */
  double softmaxSide(float[] z, int off, int binStride, int bins, float[] scratch, double[] probs, int po);

  /** Whether every value of {@code x[off..off+len)} is finite. */
  boolean allFinite(float[] x, int off, int len);

  /** Short name of the path: "vector (…)" or "scalar". */
  String description();

  /** The implementation this JVM can run, chosen once. */
  static LossKernels get() {
    return Holder.INSTANCE;
  }

  /** Lazy holder of the chosen implementation. */
  final class Holder {
    static final LossKernels INSTANCE = choose();

    private Holder() {}

    private static LossKernels choose() {
      if ("false".equalsIgnoreCase(System.getProperty("tal4j.vector"))) {
        return new ScalarLossKernels();
      }
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        System.getLogger("io.tal4j").log(System.Logger.Level.DEBUG,
            "jdk.incubator.vector is not readable: scalar class term (pass --add-modules jdk.incubator.vector)");
        return new ScalarLossKernels();
      }
      try {
        return (LossKernels) Class.forName("io.tal4j.loss.VectorLossKernels").getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        System.getLogger("io.tal4j").log(System.Logger.Level.WARNING,
            "Vector API unusable, scalar class term: " + e);
        return new ScalarLossKernels();
      }
    }
  }
}
