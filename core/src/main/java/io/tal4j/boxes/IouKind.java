package io.tal4j.boxes;

/** The members of the IoU family that the originals' {@code bbox_iou} computes. */
public enum IouKind {
  /** Intersection over union. */
  IOU,
  /** Generalized IoU: IoU − (enclosing area − union) / enclosing area. */
  GIOU,
  /** Distance IoU: IoU − centre distance² / enclosing diagonal². */
  DIOU,
  /** Complete IoU: DIoU − v·α, v the aspect-ratio term (the loss's and the assigner's overlap). */
  CIOU,
  /** MPDIoU: IoU − (d²(top-left) + d²(bottom-right)) / (image h² + image w²). */
  MPDIOU
}
