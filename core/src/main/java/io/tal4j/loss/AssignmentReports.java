package io.tal4j.loss;

import io.tal4j.anchors.AnchorGrid;
import io.tal4j.assign.AssignerOptions;
import io.tal4j.assign.Assignment;
import io.tal4j.assign.AssignmentReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link AssignmentReport}s of a {@link DetectionLoss#compute} (or {@link DetectionLoss#assign})
 * call, from its inputs and result: what a training loop logs to see which anchors learn which
 * box and why a box learns nothing.
 *
 * <pre>{@code
 * LossResult r = loss.compute(levels, targets);
 * AssignmentReport report = AssignmentReports.of(loss.config(), levels, targets, r).get(0);
 * log.info(report.toText());
 * }</pre>
 */
public final class AssignmentReports {
  private AssignmentReports() {}

  /**
   * One report per branch (per assigner call: one, or two for the two-branch presets), each made
   * with the assigner options that branch used.
   *
   * @param config the configuration the loss was computed with
   * @param levels the head outputs passed to {@code compute}; not modified
   * @param targets the targets passed to {@code compute}
   * @param result what {@code compute} returned
   * @throws IllegalArgumentException if the inputs do not fit the configuration or the result
   */
  public static List<AssignmentReport> of(LossConfig config, List<FeatureMap> levels, Targets targets,
      LossResult result) {
    return of(config, levels, targets, Objects.requireNonNull(result, "result").assignments());
  }

  /** The same from {@link DetectionLoss#assign}'s assignments (one per branch). */
  public static List<AssignmentReport> of(LossConfig config, List<FeatureMap> levels, Targets targets,
      List<Assignment> assignments) {
    List<AssignmentReport> out = new ArrayList<>();
    for (int branch = 0; branch < config.preset().branches(); branch++) {
      out.add(of(config, levels, targets, assignments, branch));
    }
    return List.copyOf(out);
  }

  /** The report of one branch (0 for single-branch presets). */
  public static AssignmentReport of(LossConfig config, List<FeatureMap> levels, Targets targets, LossResult result,
      int branch) {
    return of(config, levels, targets, Objects.requireNonNull(result, "result").assignments(), branch);
  }

  /** The report of one branch from {@link DetectionLoss#assign}'s assignments. */
  public static AssignmentReport of(LossConfig config, List<FeatureMap> levels, Targets targets,
      List<Assignment> assignments, int branch) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(levels, "levels");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(assignments, "assignments");
    int branches = config.preset().branches();
    int numLevels = config.levels();
    if (branch < 0 || branch >= branches) {
      throw new IllegalArgumentException("branch = " + branch + ": preset " + config.preset().key() + " has "
          + branches + " branch" + (branches == 1 ? "" : "es"));
    }
    if (levels.size() != numLevels * branches) {
      throw new IllegalArgumentException("levels: " + levels.size() + " feature maps, but preset "
          + config.preset().key() + " with " + numLevels + " strides takes " + numLevels * branches);
    }
    if (assignments.size() != branches) {
      throw new IllegalArgumentException("assignments: " + assignments.size() + " given, expected " + branches
          + " (one per branch)");
    }
    int[] heights = new int[numLevels];
    int[] widths = new int[numLevels];
    for (int l = 0; l < numLevels; l++) {
      heights[l] = levels.get(l).height();
      widths[l] = levels.get(l).width();
    }
    AnchorGrid grid = new AnchorGrid(config.strides(), heights, widths);
    List<FeatureMap> branchLevels = levels.subList(branch * numLevels, (branch + 1) * numLevels);
    Assignment assignment = assignments.get(branch);
    if (assignment.batch() != levels.get(0).batch()) {
      throw new IllegalArgumentException("assignments: batch of " + assignment.batch() + " images for levels of batch "
          + levels.get(0).batch());
    }
    HeadPredictions predictions = new HeadPredictions(branchLevels, grid, config.regMax(), config.useDfl(),
        LossKernels.get(), branch * numLevels);
    AssignerOptions options = new DetectionLoss(config).branchAssigners()[branch];
    return AssignmentReport.of(options, grid, config.nc(), predictions, targets.data(), assignment);
  }
}
