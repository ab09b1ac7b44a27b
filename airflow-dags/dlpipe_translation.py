"""dlpipe translation pipeline: tokenize both sides of a parallel corpus, train an attention seq2seq model by
parameter averaging, translate a test set and score it with BLEU (sacreBLEU 13a).

Trigger with a config, e.g.
  airflow dags trigger dlpipe_translation --conf '{"source": "hdfs:///data/multi30k/train.de",
      "target": "hdfs:///data/multi30k/train.en", "test_source": "hdfs:///data/multi30k/test_2016_flickr.de",
      "test_reference": "hdfs:///data/multi30k/test_2016_flickr.en"}'
Tasks mirror dlpipe jobs 1:1 (task id = job name, or job.step for the two tokenize runs). A retried task reuses its
run id: tokenize replaces its corpus, train-seq2seq resumes from its newest checkpoint (--resume), translate replaces
its rows.
"""

from datetime import datetime, timedelta

from airflow import DAG

from dlpipe_common import dlpipe_task

with DAG(
    dag_id="dlpipe_translation",
    description="Train and evaluate a translation model with dlpipe",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    params={
        "source": "hdfs:///data/multi30k/train.de",
        "target": "hdfs:///data/multi30k/train.en",
        "source_corpus": "multi30k-de",
        "target_corpus": "multi30k-en",
        "model": "multi30k-de-en",
        "epochs": 10,
        "test_source": "hdfs:///data/multi30k/test_2016_flickr.de",
        "test_reference": "hdfs:///data/multi30k/test_2016_flickr.en",
        "hypotheses": "hdfs:///dlpipe/translations/multi30k-de-en.test_2016_flickr.en",
    },
    tags=["dlpipe", "text", "translation"],
) as dag:
    tokenize_source = dlpipe_task(
        "tokenize",
        ["--input", "{{ params.source }}", "--corpus", "{{ params.source_corpus }}", "--lowercase",
         "--min-count", "2"],
        step="source",
    )
    tokenize_target = dlpipe_task(
        "tokenize",
        ["--input", "{{ params.target }}", "--corpus", "{{ params.target_corpus }}", "--lowercase",
         "--min-count", "2"],
        step="target",
    )
    train = dlpipe_task(
        "train-seq2seq",
        ["--source", "{{ params.source_corpus }}", "--target", "{{ params.target_corpus }}",
         "--name", "{{ params.model }}", "--epochs", "{{ params.epochs }}",
         # A retry (same run id) continues from the first try's newest checkpoint.
         "--restartable"],
    )
    translate = dlpipe_task(
        "translate",
        ["--model", "{{ params.model }}", "--input", "{{ params.test_source }}",
         "--output", "{{ params.hypotheses }}", "--ref", "{{ params.test_reference }}"],
    )
    [tokenize_source, tokenize_target] >> train >> translate
