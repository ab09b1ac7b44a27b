"""dlpipe text pipeline: tokenize a corpus into documents, token ids and a vocabulary, then train a language model.

Trigger with a config to choose the corpus, e.g.
  airflow dags trigger dlpipe_text --conf '{"input": "hdfs:///data/multi30k/train.*", "corpus": "multi30k"}'
Tasks mirror dlpipe jobs 1:1 (task id = job name); rerunning a task for the same logical date reuses its run id
and replaces its outputs.
"""

from datetime import datetime, timedelta

from airflow import DAG

from dlpipe_common import dlpipe_task

with DAG(
    dag_id="dlpipe_text",
    description="Tokenize a text corpus with dlpipe",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    params={
        "input": "hdfs:///data/multi30k/train.*",
        "corpus": "multi30k",
        "vocab_size": 32000,
        "min_count": 2,
        "lm": "lstm",
        "lm_epochs": 5,
    },
    tags=["dlpipe", "text"],
) as dag:
    tokenize = dlpipe_task(
        "tokenize",
        [
            "--input",
            "{{ params.input }}",
            "--corpus",
            "{{ params.corpus }}",
            "--vocab-size",
            "{{ params.vocab_size }}",
            "--min-count",
            "{{ params.min_count }}",
        ],
    )
    train_lm = dlpipe_task(
        "train-lm",
        [
            "--corpus",
            "{{ params.corpus }}",
            "--model",
            "{{ params.lm }}",
            "--epochs",
            "{{ params.lm_epochs }}",
            # A retry (same run id) continues from the first try's newest checkpoint.
            "--restartable",
        ],
    )
    tokenize >> train_lm
