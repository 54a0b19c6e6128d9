package io.tal4j.djl.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;

/** Manual probe: training images/s of the detector per width, size, activation. Not a test. */
public final class ThroughputProbe {
  static double cpuSeconds() {
    try {
      String[] f = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/stat"))).split(" ");
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    } catch (java.io.IOException e) { throw new RuntimeException(e); }
  }

  public static void main(String[] args) {
    int imgsz = Integer.parseInt(args[0]);
    int width = Integer.parseInt(args[1]);
    DetectorSpec.Act act = DetectorSpec.Act.valueOf(args[2]);
    int batch = Integer.parseInt(args[3]);
    int steps = Integer.parseInt(args[4]);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 10; i++) names.add("c" + i);
    DetectorSpec spec = DetectorSpec.of("n", names, imgsz).withWidth(width).withAct(act);
    try (Model model = Model.newInstance("probe")) {
      DetectorBlock block = new DetectorBlock(spec);
      model.setBlock(block);
      Loss l2 = new Loss("l2") {
        @Override
        public NDArray evaluate(NDList labels, NDList preds) {
          NDArray s = null;
          for (NDArray p : preds) { NDArray t = p.square().mean(); s = s == null ? t : s.add(t); }
          return s;
        }
      };
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(l2))) {
        trainer.initialize(new Shape(batch, 3, imgsz, imgsz));
        long params = 0;
        for (var p : block.getParameters().values()) params += p.getArray().size();
        System.out.printf("params %.2f M%n", params / 1e6);
        long t0 = 0;
        double cpu0 = 0;
        double[] times = new double[steps];
        for (int step = 0; step < steps; step++) {
          long ts = System.nanoTime();
          if (step == 5) { t0 = System.nanoTime(); cpu0 = cpuSeconds(); }
          try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(batch, 3, imgsz, imgsz));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDList preds = trainer.forward(new NDList(x));
              gc.backward(l2.evaluate(null, preds));
            }
            trainer.step();
          }
          times[step] = (System.nanoTime() - ts) / 1e6;
        }
        double cpu = cpuSeconds() - cpu0;
        System.out.printf("cpu per image %.2f ms (2 cores ideal -> %.0f img/s)%n", cpu * 1000 / ((steps - 5) * batch), 2 * (steps - 5) * batch / cpu);
        double[] w = java.util.Arrays.copyOfRange(times, 5, steps);
        java.util.Arrays.sort(w);
        System.out.printf("step ms: min %.0f median %.0f max %.0f -> best %.1f img/s%n", w[0], w[w.length / 2], w[w.length - 1], batch * 1000 / w[0]);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("imgsz %d width %d %s batch %d: %.1f img/s%n", imgsz, width, act, batch, (steps - 5) * batch / s);
      }
    }
  }
}
