"""dlpipe vision data: ingest a detection dataset once, then precompute SSD and FCN training targets.

Trigger with a config to choose the dataset, e.g.
  airflow dags trigger dlpipe_vision_data --conf '{"voc_root": "hdfs:///data/VOCdevkit/VOC2007", "dataset": "voc2007-trainval"}'
Tasks mirror dlpipe jobs 1:1 (task id = job name): ingest-voc checks every image and annotation once (bad records go to
dlpipe.ops.rejects), then ssd-targets and fcn-targets read the ingested tables in parallel. Rerunning a task for the same
logical date replaces its outputs.
"""

from datetime import datetime, timedelta

from airflow import DAG

from dlpipe_common import dlpipe_task

with DAG(
    dag_id="dlpipe_vision_data",
    description="Ingest a VOC dataset and precompute SSD and FCN targets with dlpipe",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    params={
        "voc_root": "hdfs:///data/VOCdevkit/VOC2007",
        "split": "trainval",
        "dataset": "voc2007-trainval",
        "ssd_config": "ssd300",
        "mask_size": 512,
    },
    tags=["dlpipe", "vision", "data"],
) as dag:
    ingest = dlpipe_task(
        "ingest-voc",
        [
            "--root",
            "{{ params.voc_root }}",
            "--split",
            "{{ params.split }}",
            "--dataset",
            "{{ params.dataset }}",
        ],
    )
    ssd = dlpipe_task(
        "ssd-targets",
        ["--dataset", "{{ params.dataset }}", "--ssd-config", "{{ params.ssd_config }}"],
    )
    fcn = dlpipe_task(
        "fcn-targets",
        ["--dataset", "{{ params.dataset }}", "--size", "{{ params.mask_size }}"],
    )
    ingest >> [ssd, fcn]
