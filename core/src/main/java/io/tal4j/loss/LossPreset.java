package io.tal4j.loss;

/**
 * Which original loss to reproduce. Each preset fixes the branch structure and the rules in which
 * the originals differ; {@link LossConfig.Builder#preset(LossPreset)} sets them all.
 */
public enum LossPreset {
  /** YOLOv9 {@code utils/loss_tal.py} ComputeLoss: one branch. */
  YOLOV9("single", 1),
  /** YOLOv9 {@code utils/loss_tal_dual.py} ComputeLoss: two branches, the first weighted 0.25. */
  YOLOV9_DUAL("dual", 2),
  /** ultralytics 8.4.117 v8DetectionLoss (YOLOv8, YOLO11). */
  ULTRALYTICS_V8("ultralytics_v8", 1),
  /** ultralytics 8.4.117 E2ELoss (YOLOv10 and YOLO26 end-to-end heads): one-to-many and one-to-one. */
  ULTRALYTICS_E2E("ultralytics_e2e", 2),
  /** ultralytics E2EDetectLoss (YOLOv10 in 8.2.38–8.3.x): one-to-many + one-to-one, weights 1 and 1. */
  ULTRALYTICS_E2E_V10("ultralytics_e2e_v10", 2);

  private final String key;
  private final int branches;

  LossPreset(String key, int branches) {
    this.key = key;
    this.branches = branches;
  }

  /** The name used by case files and the command line ({@code variant}). */
  public String key() { return key; }

  /** Number of head branches the loss takes (levels are given branch after branch). */
  public int branches() { return branches; }

  /** Whether this is one of ultralytics' losses. */
  public boolean isUltralytics() { return this != YOLOV9 && this != YOLOV9_DUAL; }

  /**
   * Looks a preset up by its key ({@code single}, {@code dual}, {@code ultralytics_v8}, ...) or by
   * a short alias ({@code yolov9}, {@code yolov8}, {@code yolo11}, {@code yolo26}, {@code yolov10}).
   */
  public static LossPreset fromKey(String key) {
    String k = key.trim().toLowerCase(java.util.Locale.ROOT);
    switch (k) {
      case "yolov9": return YOLOV9;
      case "yolov9_dual": return YOLOV9_DUAL;
      case "yolov8": case "yolo11": case "v8": return ULTRALYTICS_V8;
      case "yolo26": case "e2e": return ULTRALYTICS_E2E;
      case "yolov10": case "e2e_v10": return ULTRALYTICS_E2E_V10;
      default:
        for (LossPreset p : values()) {
          if (p.key.equals(k) || p.name().equalsIgnoreCase(k)) {
            return p;
          }
        }
        throw new IllegalArgumentException("variant: unknown loss '" + key
            + "', expected one of single, dual, ultralytics_v8, ultralytics_e2e, ultralytics_e2e_v10");
    }
  }
}
