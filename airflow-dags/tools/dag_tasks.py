#!/usr/bin/env python3
"""Lists the spark-submit tasks of every dlpipe DAG file, without Airflow installed.

Each DAG file is first parsed (ast: a syntax error fails here), then executed with small recording stand-ins
for the three Airflow names the DAGs use (DAG, Variable, SparkSubmitOperator). Airflow is not the subject:
what is checked is what the DAG files would hand to spark-submit. For every SparkSubmitOperator built, it prints
the DAG id, task id, java_class and application_args, with Jinja templates rendered: `{{ params.X }}` from the
DAG's params, Airflow's macros from sample values. The Java test then proves that each task names a real job
of the registry and that the job's own command line accepts the arguments.

usage: dag_tasks.py DAG_DIR   (prints JSON {"dags": [...], "tasks": [...]}; exits non-zero on any problem)
"""

import ast
import importlib.util
import json
import os
import re
import sys
import types

TEMPLATE = re.compile(r"\{\{\s*([^}]*?)\s*\}\}")
MACROS = {"ds": "2026-01-01", "ts_nodash": "20260101T000000", "run_id": "manual__2026-01-01T00:00:00+00:00"}

TASKS = []
DAG_STACK = []


class DAG:
    def __init__(self, dag_id, params=None, **kwargs):
        self.dag_id, self.params = dag_id, dict(params or {})

    def __enter__(self):
        DAG_STACK.append(self)
        return self

    def __exit__(self, *exc):
        DAG_STACK.pop()


class Variable:
    @staticmethod
    def get(name, default_var=None):
        return default_var


class SparkSubmitOperator:
    def __init__(self, task_id, **kwargs):
        if not DAG_STACK:
            raise SystemExit(f"task {task_id} is built outside a DAG")
        TASKS.append((DAG_STACK[-1], task_id, kwargs))

    # Dependencies (a >> b, a >> [b, c]) are accepted and ignored: this tool lists tasks only.
    def __rshift__(self, other):
        return other

    def __rrshift__(self, other):
        return self


def install_stand_ins():
    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    module("airflow", DAG=DAG)
    module("airflow.models", Variable=Variable)
    for name in ["airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
                 "airflow.providers.apache.spark.operators"]:
        module(name)
    module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=SparkSubmitOperator)


def render(value, dag, where):
    def sub(m):
        expr = m.group(1)
        if expr.startswith("params."):
            key = expr[len("params."):]
            if key not in dag.params:
                raise SystemExit(f"{where}: template {m.group(0)} names no param of DAG {dag.dag_id}")
            return str(dag.params[key])
        if expr == "dag.dag_id":
            return dag.dag_id
        if expr in MACROS:
            return MACROS[expr]
        raise SystemExit(f"{where}: unknown template {m.group(0)}")

    return TEMPLATE.sub(sub, str(value))


def main(dag_dir):
    sys.path.insert(0, os.path.abspath(dag_dir))
    install_stand_ins()
    dags, tasks = [], []
    for name in sorted(os.listdir(dag_dir)):
        if not name.endswith(".py"):
            continue
        path = os.path.join(dag_dir, name)
        with open(path, encoding="utf-8") as f:
            ast.parse(f.read(), filename=path)
        dags.append(name)
        del TASKS[:]
        spec = importlib.util.spec_from_file_location(name[:-3], path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
        for dag, task_id, kwargs in TASKS:
            where = f"{name}: task {task_id}"
            tasks.append({
                "file": name,
                "dag_id": dag.dag_id,
                "task_id": task_id,
                "java_class": kwargs.get("java_class"),
                "application_args": [render(a, dag, where) for a in kwargs.get("application_args", [])],
            })
    json.dump({"dags": dags, "tasks": tasks}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1])
