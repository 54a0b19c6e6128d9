/**
 * Boxes: formats (xywh, xyxy) and the overlap family (IoU, GIoU, DIoU, CIoU, MPDIoU) with the
 * original's epsilon placement, and CIoU's gradient. Units are whatever the caller's boxes use
 * (pixels in the assigner, grid cells in the box loss).
 */
package io.tal4j.boxes;
