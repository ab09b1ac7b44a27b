"""dlpipe Go: AlphaGo Zero's loop, one DAG run per generation: selfplay -> train-policy-value -> gate.

Start a line once with dlpipe_go_init (a randomly initialised network named after the line), then trigger
dlpipe_go_generation for generation 0, 1, 2, ... e.g.
  airflow dags trigger dlpipe_go_init --conf '{"line": "go9"}'
  airflow dags trigger dlpipe_go_generation --conf '{"line": "go9", "generation": 0}'
Every task is idempotent for its generation: the network it uses is `best` as of the generation (the candidate
of the newest promoted gate below it, else the line's initial network), games are seeded by (model, line,
generation, game), and each job replaces exactly its generation's rows (a retry keeps the task's run id), so a
retried task writes the same games, trains the same candidate from the same data and reaches the same verdict.
"""

from datetime import datetime, timedelta

from airflow import DAG

from dlpipe_common import dlpipe_task

with DAG(
    dag_id="dlpipe_go_init",
    description="Start a Go self-play line with a new policy-value network",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    params={"line": "go9", "board": 9, "blocks": 4, "filters": 32},
    tags=["dlpipe", "go"],
) as init_dag:
    dlpipe_task(
        "go-init",
        [
            "--line",
            "{{ params.line }}",
            "--board",
            "{{ params.board }}",
            "--blocks",
            "{{ params.blocks }}",
            "--filters",
            "{{ params.filters }}",
        ],
    )

with DAG(
    dag_id="dlpipe_go_generation",
    description="One AlphaGo Zero generation: self-play games, training on a window, gating",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    params={
        "line": "go9",
        "generation": 0,
        "board": 9,
        "games": 1000,
        "playouts": 200,
        "window": 5,
        "epochs": 1,
        "gate_games": 100,
        "threshold": 0.55,
        # 0 = AlphaGo Zero's rules; 9x9 lines on small compute: pass_from 40, value_positions 8
        # (README, "AlphaGo Zero's loop").
        "pass_from": 0,
        "value_positions": 0,
    },
    tags=["dlpipe", "go"],
) as dag:
    selfplay = dlpipe_task(
        "selfplay",
        [
            "--line",
            "{{ params.line }}",
            "--generation",
            "{{ params.generation }}",
            "--model",
            "best",
            "--games",
            "{{ params.games }}",
            "--playouts",
            "{{ params.playouts }}",
            "--board",
            "{{ params.board }}",
            "--pass-from",
            "{{ params.pass_from }}",
        ],
    )
    train = dlpipe_task(
        "train-policy-value",
        [
            "--line",
            "{{ params.line }}",
            "--generations",
            "{{ params.generation }}",
            "--window",
            "{{ params.window }}",
            "--init",
            "best",
            "--name",
            "{{ params.line }}-g{{ params.generation }}",
            "--epochs",
            "{{ params.epochs }}",
            "--value-positions",
            "{{ params.value_positions }}",
        ],
    )
    gate = dlpipe_task(
        "gate",
        [
            "--line",
            "{{ params.line }}",
            "--generation",
            "{{ params.generation }}",
            "--candidate",
            "{{ params.line }}-g{{ params.generation }}",
            "--best",
            "best",
            "--games",
            "{{ params.gate_games }}",
            "--playouts",
            "{{ params.playouts }}",
            "--board",
            "{{ params.board }}",
            "--threshold",
            "{{ params.threshold }}",
            "--pass-from",
            "{{ params.pass_from }}",
        ],
    )
    selfplay >> train >> gate
