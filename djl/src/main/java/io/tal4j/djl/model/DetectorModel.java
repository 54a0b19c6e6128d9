package io.tal4j.djl.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A trained detector on disk and in memory. A model directory holds {@code detector-0000.params}
 * (DJL's parameter format, written by {@link Model#save}) and {@code detector.properties} (the
 * {@link DetectorSpec} that rebuilds the network, including the loss it was trained with and so
 * whether it has the one-to-one head).
 */
public final class DetectorModel implements AutoCloseable {
  /** Parameter-file prefix inside a model directory. */
  public static final String NAME = "detector";
  /** The spec file inside a model directory. */
  public static final String SPEC_FILE = "detector.properties";

  private final Model model;
  private final DetectorBlock block;

  private DetectorModel(Model model, DetectorBlock block) {
    this.model = model;
    this.block = block;
  }

  /** Writes an initialized network's parameters and spec into {@code dir} (created if missing). */
  public static void save(DetectorBlock block, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Model m = Model.newInstance(NAME)) {
      m.setBlock(block);
      m.setProperty("Epoch", "0"); // a fixed file name: detector-0000.params
      m.setProperty("tal4j.spec", block.spec().toString());
      m.save(dir, NAME);
    }
    block.spec().save(dir.resolve(SPEC_FILE));
  }

  /**
   * Loads a model directory written by {@link #save}.
   *
   * @throws IOException if a file is missing or unreadable
   * @throws IllegalArgumentException naming the file if it is not a tal4j detector
   */
  public static DetectorModel load(Path dir) throws IOException {
    DetectorSpec spec = readSpec(dir);
    DetectorBlock block = new DetectorBlock(spec);
    Model model = Model.newInstance(NAME);
    try {
      model.setBlock(block);
      model.load(dir, NAME);
    } catch (MalformedModelException e) {
      model.close();
      throw new IllegalArgumentException(dir.resolve(NAME + "-0000.params") + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
    return new DetectorModel(model, block);
  }

  /**
   * Reads only the spec of a model directory (cheap: no engine, no parameters).
   *
   * @throws IllegalArgumentException if {@code dir} is not a model directory
   */
  public static DetectorSpec readSpec(Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Path specFile = dir.resolve(SPEC_FILE);
    if (!Files.isRegularFile(specFile)) {
      throw new IllegalArgumentException(dir + ": not a tal4j model folder (no " + SPEC_FILE + ")");
    }
    return DetectorSpec.load(specFile);
  }

  public DetectorSpec spec() {
    return block.spec();
  }

  public DetectorBlock block() {
    return block;
  }

  /** The model's manager, parent of the per-call managers. */
  public NDManager manager() {
    return model.getNDManager();
  }

  /**
   * Runs the network in inference mode on images (B, 3, S, S), values 0..1; the three head levels
   * (six for an end-to-end network: one-to-many, then one-to-one), in the images' manager.
   */
  public NDList forward(NDArray images) {
    return forward(block, images);
  }

  /** Inference-mode forward pass of any detector network. */
  public static NDList forward(DetectorBlock network, NDArray images) {
    return network.forward(new ParameterStore(images.getManager(), false), new NDList(images), false);
  }

  @Override
  public void close() {
    model.close();
  }
}
