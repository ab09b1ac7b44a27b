"""dlpipe vision evaluation: COCO detection metrics, PASCAL VOC detection AP and semantic segmentation scores.

Trigger with a config to point at a model's outputs, e.g.
  airflow dags trigger dlpipe_vision_eval --conf '{"model": "ssd300-v2", "coco_dets": "hdfs:///eval/ssd300-v2/coco_dets.json"}'
The three tasks are independent (each reads its own inputs) and mirror dlpipe jobs 1:1 (task id = job name); each writes
its metrics under the task's run id, so rerunning a task for the same logical date replaces its rows (and its PR-curve
PNGs, written to <plots>/<model>/<logical time>/<job>/).
"""

from datetime import datetime, timedelta

from airflow import DAG

from dlpipe_common import dlpipe_task

with DAG(
    dag_id="dlpipe_vision_eval",
    description="Evaluate detection (COCO, PASCAL VOC) and segmentation outputs with dlpipe",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    params={
        "model": "model",
        "plots": "hdfs:///dlpipe/plots",
        "coco_gt": "hdfs:///data/coco/annotations/instances_val2017.json",
        "coco_dets": "hdfs:///eval/model/coco_dets.json",
        "coco_iou_type": "bbox",
        "voc_annotations": "hdfs:///data/VOCdevkit/VOC2007/Annotations",
        "voc_imageset": "hdfs:///data/VOCdevkit/VOC2007/ImageSets/Main/test.txt",
        "voc_dets": "hdfs:///eval/model/voc_dets",
        "voc_metric": "voc07",
        "seg_gt": "hdfs:///data/VOCdevkit/VOC2012/SegmentationClass",
        "seg_pred": "hdfs:///eval/model/seg_pred",
        "seg_num_classes": 21,
    },
    tags=["dlpipe", "vision", "metrics"],
) as dag:
    eval_coco = dlpipe_task(
        "eval-coco",
        [
            "--gt",
            "{{ params.coco_gt }}",
            "--dets",
            "{{ params.coco_dets }}",
            "--iou-type",
            "{{ params.coco_iou_type }}",
            "--dataset",
            "coco-val2017",
            "--model",
            "{{ params.model }}",
            "--plots",
            "{{ params.plots }}/{{ params.model }}/{{ ts_nodash }}/eval-coco",
        ],
    )
    eval_voc = dlpipe_task(
        "eval-voc",
        [
            "--annotations",
            "{{ params.voc_annotations }}",
            "--imageset",
            "{{ params.voc_imageset }}",
            "--dets",
            "{{ params.voc_dets }}",
            "--metric",
            "{{ params.voc_metric }}",
            "--dataset",
            "voc2007-test",
            "--model",
            "{{ params.model }}",
            "--plots",
            "{{ params.plots }}/{{ params.model }}/{{ ts_nodash }}/eval-voc",
        ],
    )
    eval_seg = dlpipe_task(
        "eval-seg",
        [
            "--gt",
            "{{ params.seg_gt }}",
            "--pred",
            "{{ params.seg_pred }}",
            "--num-classes",
            "{{ params.seg_num_classes }}",
            "--dataset",
            "voc2012-val",
            "--model",
            "{{ params.model }}",
        ],
    )
