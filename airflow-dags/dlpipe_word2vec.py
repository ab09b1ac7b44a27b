"""dlpipe Word2Vec: train word vectors on a tokenized corpus on Spark, then score them.

Trigger with a config to choose the corpus (tokenize it first with the dlpipe_text DAG), e.g.
  airflow dags trigger dlpipe_word2vec --conf '{"corpus": "news", "model": "cbow"}'
Tasks mirror dlpipe jobs 1:1 (task id = job name). The vectors go to <vectors>/<corpus>/<logical time>/vectors.bin,
so rerunning a task for the same logical date replaces its file and its rows.
"""

from datetime import datetime, timedelta

from airflow import DAG

from dlpipe_common import dlpipe_task

with DAG(
    dag_id="dlpipe_word2vec",
    description="Train Word2Vec vectors with dlpipe and score them",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    params={
        "corpus": "news",
        "model": "cbow",
        "dim": 100,
        "iter": 5,
        "partitions": 8,
        "vectors": "hdfs:///dlpipe/vectors",
        "analogies": "hdfs:///data/word2vec/questions-words.txt",
        "similarity": "hdfs:///data/word2vec/wordsim353.tsv",
    },
    tags=["dlpipe", "text", "embeddings"],
) as dag:
    word2vec = dlpipe_task(
        "word2vec",
        [
            "--corpus",
            "{{ params.corpus }}",
            "--model",
            "{{ params.model }}",
            "--dim",
            "{{ params.dim }}",
            "--iter",
            "{{ params.iter }}",
            "--partitions",
            "{{ params.partitions }}",
            "--name",
            "word2vec-{{ params.corpus }}",
            "--output",
            "{{ params.vectors }}/{{ params.corpus }}/{{ ts_nodash }}/vectors.bin",
        ],
    )
    word2vec_eval = dlpipe_task(
        "word2vec-eval",
        [
            "--vectors",
            "{{ params.vectors }}/{{ params.corpus }}/{{ ts_nodash }}/vectors.bin",
            "--analogies",
            "{{ params.analogies }}",
            "--similarity",
            "{{ params.similarity }}",
        ],
    )
    word2vec >> word2vec_eval
