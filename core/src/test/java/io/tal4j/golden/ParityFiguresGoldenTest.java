package io.tal4j.golden;

import static io.tal4j.Tolerance.GOLDEN;
import static io.tal4j.Tolerance.relativeError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tal4j.loss.DetectionLoss;
import io.tal4j.loss.LossResult;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parity figures of a folder of golden cases in one line (the largest relative error of the
 * total, of the items and of the gradients, and which case has it), printed for the notes and the
 * CI log, on the path this JVM runs. Each case's own checks are in the folder's golden test.
 */
final class ParityFiguresGoldenTest {
  @ParameterizedTest
  @ValueSource(strings = {"golden", "golden-ultralytics"})
  void worst_errors_of_the_folder(String folder) {
    Worst loss = new Worst();
    Worst items = new Worst();
    Worst gradients = new Worst();
    for (String name : GoldenCase.names(folder)) {
      GoldenCase c = GoldenCase.load(folder, name);
      LossResult r = new DetectionLoss(c.config(2)).compute(c.features(), c.targets());
      loss.add(relativeError(r.total(), c.array("loss").scalarValue()), name);
      double[] expectedItems = c.array("loss_items").toDoubleArray();
      for (int i = 0; i < 3; i++) {
        if (expectedItems[i] != 0) {
          items.add(relativeError(r.items()[i], expectedItems[i]), name);
        }
      }
      for (int i = 0; c.has("grad" + i); i++) {
        gradients.add(relativeError(r.gradient(i), c.array("grad" + i).toFloatArray()), name);
      }
    }
    System.out.printf(Locale.ROOT, "parity %s (%s): total %s, items %s, gradients %s%n", folder,
        DetectionLoss.kernelPath(), loss, items, gradients);
    assertTrue(loss.max <= GOLDEN && items.max <= GOLDEN && gradients.max <= GOLDEN,
        folder + ": total " + loss + ", items " + items + ", gradients " + gradients);
  }

  private static final class Worst {
    double max = -1;
    String where = "";

    void add(double error, String name) {
      if (error > max) {
        max = error;
        where = name;
      }
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.1e (%s)", max, where);
    }
  }
}
