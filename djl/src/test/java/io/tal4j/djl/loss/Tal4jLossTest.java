package io.tal4j.djl.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import io.tal4j.loss.FeatureMap;
import io.tal4j.loss.LossConfig;
import io.tal4j.loss.LossPreset;
import io.tal4j.loss.LossResult;
import io.tal4j.loss.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The adapter's mechanics with a stand-in loss whose gradient is known in closed form:
 * total = Σ_l Σ_i ½·(l+1)·x², gradient (l+1)·x, items (0.5, 0.25, 0.25) × total. The real loss is
 * checked the same way in {@link Tal4jLossRealTest}.
 */
final class Tal4jLossTest {
  private static final int NC = 3;
  private static final int REG_MAX = 2;
  private static final int CHANNELS = 4 * REG_MAX + NC;

  /** Counts calls; the quadratic loss described in the class comment. */
  static final class Quadratic implements BiFunction<List<FeatureMap>, Targets, LossResult> {
    final AtomicInteger calls = new AtomicInteger();
    int lastTargets = -1;

    @Override
    public LossResult apply(List<FeatureMap> levels, Targets targets) {
      calls.incrementAndGet();
      lastTargets = targets.count();
      double total = 0;
      List<float[]> grads = new ArrayList<>();
      for (int l = 0; l < levels.size(); l++) {
        float[] x = levels.get(l).data();
        float[] g = new float[x.length];
        for (int i = 0; i < x.length; i++) {
          total += 0.5 * (l + 1) * x[i] * (double) x[i];
          g[i] = (l + 1) * x[i];
        }
        grads.add(g);
      }
      double[] items = {0.5 * total, 0.25 * total, 0.25 * total};
      return new LossResult(total, items, items, grads, List.of());
    }
  }

  private static LossConfig config(LossPreset preset) {
    return LossConfig.builder(NC).preset(preset).regMax(REG_MAX).build();
  }

  private static NDArray random(NDManager m, Random r, long... shape) {
    float[] v = new float[(int) new Shape(shape).size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return m.create(v, new Shape(shape));
  }

  private static NDList labels(NDManager m) {
    return new NDList(m.create(new float[] {0, 1, 0.5f, 0.5f, 0.2f, 0.3f, 1, 2, 0.3f, 0.6f, 0.1f, 0.1f},
        new Shape(2, 6)));
  }

  @Test
  void evaluate_valueIsTotal_gradientIsTal4jGradient() {
    Quadratic q = new Quadratic();
    Tal4jLoss loss = new Tal4jLoss("t", config(LossPreset.YOLOV9), q);
    try (NDManager m = NDManager.newBaseManager()) {
      Random r = new Random(1);
      NDList preds = new NDList(random(m, r, 2, CHANNELS, 4, 4), random(m, r, 2, CHANNELS, 2, 2),
          random(m, r, 2, CHANNELS, 1, 1));
      preds.forEach(p -> p.setRequiresGradient(true));
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray value = loss.evaluate(labels(m), preds);
        assertEquals(0, value.getShape().dimension(), "scalar");
        // The value is the stand-in's total, to float precision.
        double expected = loss.lastResult().total();
        assertEquals((float) expected, value.getFloat(), 0f);
        gc.backward(value);
      }
      for (int l = 0; l < 3; l++) {
        float[] x = preds.get(l).toFloatArray();
        float[] g = preds.get(l).getGradient().toFloatArray();
        for (int i = 0; i < x.length; i++) {
          assertEquals((l + 1) * x[i], g[i], 0f, "level " + l + " element " + i);
        }
      }
      assertEquals(2, q.lastTargets, "two label rows reach the loss");
      assertEquals(1, q.calls.get());
    }
  }

  @Test
  void evaluate_dualBranch_readsSixArrays_eachGetsItsGradient() {
    Quadratic q = new Quadratic();
    Tal4jLoss loss = new Tal4jLoss("t", config(LossPreset.YOLOV9_DUAL), q);
    assertEquals(6, loss.expectedArrays());
    try (NDManager m = NDManager.newBaseManager()) {
      Random r = new Random(2);
      NDList preds = new NDList();
      for (int branch = 0; branch < 2; branch++) {
        for (int size : new int[] {4, 2, 1}) {
          preds.add(random(m, r, 1, CHANNELS, size, size));
        }
      }
      preds.forEach(p -> p.setRequiresGradient(true));
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        gc.backward(loss.evaluate(labels(m), preds));
      }
      for (int l = 0; l < 6; l++) {
        float[] x = preds.get(l).toFloatArray();
        float[] g = preds.get(l).getGradient().toFloatArray();
        for (int i = 0; i < x.length; i++) {
          assertEquals((l + 1) * x[i], g[i], 0f, "array " + l + " element " + i);
        }
      }
    }
  }

  /** Three 1×1 convolutions with strides 8, 16, 32: a minimal three-level head. */
  private static Block threeLevelHead() {
    List<Block> branches = new ArrayList<>();
    for (int stride : new int[] {8, 16, 32}) {
      branches.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
          .setFilters(CHANNELS).build());
    }
    return new ParallelBlock(list -> {
      NDList out = new NDList();
      list.forEach(l -> out.add(l.head()));
      return out;
    }, branches);
  }

  @Test
  void backward_throughModel_matchesTheSameLossWrittenInNdArrayOps() {
    Quadratic q = new Quadratic();
    Tal4jLoss loss = new Tal4jLoss("t", config(LossPreset.YOLOV9), q);
    try (NDManager m = NDManager.newBaseManager()) {
      Block block = threeLevelHead();
      block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3, 32, 32));
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = random(m, new Random(3), 2, 3, 32, 32);

      float[][] viaTal4j = gradients(block, () -> {
        NDList preds = block.forward(ps, new NDList(x), true);
        return loss.evaluate(labels(m), preds);
      });
      float[][] viaDjl = gradients(block, () -> {
        NDList preds = block.forward(ps, new NDList(x), true);
        NDArray sum = null;
        for (int l = 0; l < 3; l++) {
          NDArray t = preds.get(l).square().sum().mul(0.5 * (l + 1));
          sum = sum == null ? t : sum.add(t);
        }
        return sum;
      });
      for (int p = 0; p < viaDjl.length; p++) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < viaDjl[p].length; i++) {
          num += Math.pow(viaTal4j[p][i] - viaDjl[p][i], 2);
          den += Math.pow(viaDjl[p][i], 2);
        }
        assertTrue(den > 0, "parameter " + p + " has a gradient");
        assertTrue(Math.sqrt(num / den) < 1e-5, "parameter " + p + " relative error " + Math.sqrt(num / den));
      }
    }
  }

  private static float[][] gradients(Block block, java.util.function.Supplier<NDArray> lossFn) {
    var params = block.getParameters().values();
    for (var p : params) {
      p.getArray().setRequiresGradient(true);
    }
    try (GradientCollector gc = block.getParameters().get(0).getValue().getArray().getManager().getEngine()
        .newGradientCollector()) {
      gc.backward(lossFn.get());
    }
    float[][] out = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      NDArray g = params.get(i).getArray().getGradient();
      out[i] = g.toFloatArray();
      g.subi(g); // PyTorch accumulates gradients: start the next pass from zero
    }
    return out;
  }

  @Test
  void trainBatch_computesOncePerBatch_andReportsItemsThroughListeners() {
    Quadratic q = new Quadratic();
    Tal4jLoss loss = new Tal4jLoss("tal4j", config(LossPreset.YOLOV9), q);
    try (Model model = Model.newInstance("t")) {
      model.setBlock(threeLevelHead());
      DefaultTrainingConfig cfg = new DefaultTrainingConfig(loss)
          .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build())
          .addTrainingListeners(new EvaluatorTrainingListener());
      loss.itemEvaluators().forEach(cfg::addEvaluator);
      try (Trainer trainer = model.newTrainer(cfg)) {
        trainer.initialize(new Shape(2, 3, 32, 32));
        double firstTotal = 0;
        for (int step = 0; step < 3; step++) {
          NDManager bm = trainer.getManager().newSubManager();
          NDArray x = random(bm, new Random(10 + step), 2, 3, 32, 32);
          try (Batch batch = new Batch(bm, new NDList(x), labels(bm), 2, Batchifier.STACK, Batchifier.STACK, step, 3)) {
            EasyTrain.trainBatch(trainer, batch);
            trainer.step();
          }
          assertEquals(step + 1, q.calls.get(), "one tal4j computation per training batch");
          if (step == 0) {
            firstTotal = loss.lastResult().total();
          }
        }
        // Box, cls and dfl are reported with the loss, as means over the epoch's batches.
        Evaluator box = trainer.getEvaluators().stream().filter(e -> e.getName().equals("box")).findFirst().orElseThrow();
        Evaluator total = trainer.getEvaluators().stream().filter(e -> e.getName().equals("tal4j")).findFirst().orElseThrow();
        float meanTotal = total.getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH);
        float meanBox = box.getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH);
        assertEquals(0.5 * meanTotal, meanBox, 1e-4 * meanTotal);
        // SGD on ½x² shrinks the outputs: the loss fell.
        assertTrue(loss.lastResult().total() < firstTotal, loss.lastResult().total() + " < " + firstTotal);
      }
    }
  }

  @Test
  void evaluate_wrongChannels_namesTheArray() {
    Tal4jLoss loss = new Tal4jLoss("t", config(LossPreset.YOLOV9), new Quadratic());
    try (NDManager m = NDManager.newBaseManager()) {
      NDList preds = new NDList(m.zeros(new Shape(1, CHANNELS, 4, 4)), m.zeros(new Shape(1, CHANNELS + 1, 2, 2)),
          m.zeros(new Shape(1, CHANNELS, 1, 1)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.evaluate(labels(m), preds));
      assertTrue(e.getMessage().startsWith("predictions[1]: shape (1, 12, 2, 2)"), e.getMessage());
      IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
          () -> loss.evaluate(labels(m), new NDList(preds.get(0))));
      assertTrue(few.getMessage().contains("1 arrays, expected 3"), few.getMessage());
    }
  }
}
