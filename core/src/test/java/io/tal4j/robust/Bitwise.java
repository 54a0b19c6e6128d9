package io.tal4j.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tal4j.assign.Assignment;
import io.tal4j.loss.LossResult;

/** Bit-for-bit comparison of two loss results. */
final class Bitwise {
  private Bitwise() {}

  /**
   * Same total, items and loss vector (as doubles, bit for bit), same gradients (float bits) and
   * same assignments (every array).
   */
  static void assertSame(LossResult expected, LossResult actual, String what) {
    assertEquals(Double.doubleToLongBits(expected.total()), Double.doubleToLongBits(actual.total()),
        what + ": total " + expected.total() + " vs " + actual.total());
    assertArrayEquals(expected.items(), actual.items(), 0.0, what + ": items");
    assertArrayEquals(expected.lossVector(), actual.lossVector(), 0.0, what + ": loss vector");
    assertEquals(expected.gradients().size(), actual.gradients().size(), what + ": gradient count");
    for (int i = 0; i < expected.gradients().size(); i++) {
      // Arrays.equals(float[], float[]) compares floatToIntBits
      assertArrayEquals(expected.gradient(i), actual.gradient(i), what + ": gradient " + i);
    }
    assertEquals(expected.assignments().size(), actual.assignments().size(), what + ": assignments");
    for (int j = 0; j < expected.assignments().size(); j++) {
      Assignment a = expected.assignments().get(j);
      Assignment b = actual.assignments().get(j);
      assertArrayEquals(a.positive(), b.positive(), what + ": positives " + j);
      assertArrayEquals(a.gtIndex(), b.gtIndex(), what + ": box indices " + j);
      assertArrayEquals(a.label(), b.label(), what + ": labels " + j);
      assertArrayEquals(a.box(), b.box(), what + ": boxes " + j);
      assertArrayEquals(a.score(), b.score(), what + ": scores " + j);
    }
  }
}
