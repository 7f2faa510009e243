"""Reference Strands pipeline: decision >> execution >> quality >> optimization >> learning.

Copy this DAG to start your own. It parses fast: nothing heavy is imported and nothing is
read at parse time; every task reads the pipeline config when it runs.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow.sdk import DAG, Param

from strands_airflow.operators.decision import StrandsDecisionOperator
from strands_airflow.operators.execution import StrandsExecutionOperator
from strands_airflow.operators.learning import StrandsLearningOperator
from strands_airflow.operators.optimization import StrandsOptimizationOperator
from strands_airflow.operators.quality import StrandsQualityOperator
from strands_airflow.pipeline.sample_data import sample_config_path

DOC = """
### Strands reference pipeline

A self-learning ETL run in five steps, each a Strands agent:

1. **decision** picks where the job runs (local DuckDB, Glue, EMR Serverless, Lambda) from
   the learning vectors of past runs; its XCom has `selected_platform`, `confidence`,
   `reasoning` and the expected runtime per platform.
2. **execution** runs the job there and returns runtime, rows and cost.
3. **quality** analyses the SQL / PySpark for anti-patterns and runs the config's
   plain-English checks on the output; it fails below the config's `min_score`.
4. **optimization** compares the run with its baseline and ranks recommendations.
5. **learning** (runs even when a step failed) stores the run as a learning vector, which
   the next decision uses.

**Params**: `config_path`, a pipeline config (local path, `file://` or `s3://`). Leave it
empty for the shipped sample (`orders_daily`: 2M generated orders, created on first use).

**Runs at once**: one by default; the environment variable
`STRANDS_REFERENCE_MAX_ACTIVE_RUNS` raises it (`scripts/cluster.sh` runs five).
**Retries**: two, 30 s apart at first (exponential backoff);
`STRANDS_REFERENCE_RETRY_DELAY_SECONDS` sets the first delay (the CI cluster test uses 5 s).

Messages go over the configured bus (Redis Streams with the `redis_default` connection,
else in-process); vectors go to S3 when `[strands] s3_bucket` is set, else to
`$AIRFLOW_HOME/strands/store`.
"""

CONFIG = "{{ params.config_path or strands_sample_config() }}"

with DAG(
    dag_id="strands_reference_pipeline",
    description="Self-learning ETL: decision, execution, quality, optimization, learning",
    doc_md=DOC,
    schedule=None,
    start_date=datetime(2025, 1, 1),
    catchup=False,
    # one run at a time unless the deployment says otherwise (read at parse time: cheap)
    max_active_runs=int(os.environ.get("STRANDS_REFERENCE_MAX_ACTIVE_RUNS", "1")),
    tags=["strands", "etl", "self-learning", "reference"],
    user_defined_macros={"strands_sample_config": sample_config_path},
    params={
        "config_path": Param(
            "",
            type="string",
            title="Pipeline config",
            description="Local path, file:// or s3:// URI of a pipeline config; empty = shipped sample.",
        )
    },
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": timedelta(seconds=int(os.environ.get("STRANDS_REFERENCE_RETRY_DELAY_SECONDS", "30"))),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=2),
    },
) as dag:
    decision = StrandsDecisionOperator(task_id="decision", config_path=CONFIG)
    execution = StrandsExecutionOperator(task_id="execution", config_path=CONFIG)
    quality = StrandsQualityOperator(task_id="quality", config_path=CONFIG)
    optimization = StrandsOptimizationOperator(task_id="optimization", config_path=CONFIG)
    learning = StrandsLearningOperator(task_id="learning", config_path=CONFIG)

    decision >> execution >> quality >> optimization >> learning
