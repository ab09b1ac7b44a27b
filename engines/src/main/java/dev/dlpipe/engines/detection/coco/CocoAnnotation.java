package dev.dlpipe.engines.detection.coco;

/**
 * One ground-truth annotation or one detection, as COCOeval sees it after loading.
 *
 * @param id annotation id (for detections: position in the results file + 1, as pycocotools'
 *     loadRes)
 * @param imageId image id
 * @param categoryId category id
 * @param area the annotation's {@code area} field for ground truth (which buckets
 *     small/medium/large); for detections w*h of the box, or the mask area for segmentation results
 * @param iscrowd crowd region (ground truth only; detections are never crowd)
 * @param bbox {@code [x, y, width, height]}
 * @param score detection confidence (ground truth: 0)
 * @param mask the segmentation as RLE, or null when not evaluating masks
 */
public record CocoAnnotation(
    long id,
    long imageId,
    long categoryId,
    double area,
    boolean iscrowd,
    double[] bbox,
    double score,
    Rle mask)
    implements java.io.Serializable {}
