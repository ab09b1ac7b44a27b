"""Shared helpers for dlpipe's Airflow DAGs.

Every task runs one dlpipe job with SparkSubmitOperator. The task id is the job name, and the main class comes
from dlpipe_jobs.json, which is generated from the job registry the jar is built from
(`bin/dlpipe registry --write airflow-dags/dlpipe_jobs.json`), so a DAG cannot name a job that does not exist.

Deployment settings come from Airflow Variables (with environment fallbacks):
  dlpipe_jar         path or URI of dlpipe-jobs-<version>.jar readable by spark-submit
  dlpipe_warehouse   warehouse URI, e.g. hdfs://namenode:8020/dlpipe/warehouse
  dlpipe_properties  Spark properties file for spark-submit (conf/cluster.properties)
and the Spark connection `spark_default` (master, deploy mode, queue).
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "dlpipe_jobs.json"), encoding="utf-8") as f:
    REGISTRY = {job["name"]: job for job in json.load(f)["jobs"]}


def setting(name, default):
    """An Airflow Variable, else the environment variable NAME in upper case, else the default."""
    try:
        from airflow.models import Variable

        return Variable.get(name, default_var=os.environ.get(name.upper(), default))
    except Exception:  # outside a configured Airflow (tests, CLI parsing)
        return os.environ.get(name.upper(), default)


def dlpipe_task(job, args, step=None, **kwargs):
    """A SparkSubmitOperator that runs dlpipe `job` with `args`; the run id is Airflow's, so retries replace.

    The task id is the job name, or `job.step` when a DAG runs the same job twice (e.g. tokenize.source).
    """
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    spec = REGISTRY[job]
    if spec["kind"] != "job":
        raise ValueError(f"{job} is a {spec['kind']}, not a schedulable job")
    task_id = job if step is None else f"{job}.{step}"
    return SparkSubmitOperator(
        task_id=task_id,
        name=f"dlpipe-{job}",
        conn_id="spark_default",
        application=setting("dlpipe_jar", "/opt/dlpipe/dlpipe-jobs.jar"),
        java_class=spec["main_class"],
        properties_file=setting("dlpipe_properties", "/opt/dlpipe/conf/cluster.properties"),
        application_args=list(args)
        + [
            "--warehouse",
            setting("dlpipe_warehouse", "hdfs://namenode:8020/dlpipe/warehouse"),
            "--run-id",
            "{{ dag.dag_id }}-" + task_id + "-{{ ts_nodash }}",
        ],
        **kwargs,
    )
