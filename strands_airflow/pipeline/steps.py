"""The five pipeline steps, written once.

The reference DAG's operators and `StrandsCoordinator` both call these functions, so a
pipeline behaves the same inside Airflow and in a notebook. Each step takes the run (its
config, ids and store) and the upstream steps' results as the JSON dicts that travel in
XCom, returns its own result as a JSON dict, and announces itself through `emit`
(`emit(message_type, payload, target=None)`), which the caller maps to its bus.

No Airflow import here: the steps are engine code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from strands_airflow.bus.message import MessageType
from strands_airflow.exceptions import ExecutionError
from strands_airflow.pipeline.config import PipelineConfig

log = logging.getLogger(__name__)

Emit = Callable[..., Any]


def _no_emit(message_type: MessageType, payload: dict[str, Any], target: str | None = None) -> None:
    return None


@dataclass
class PipelineRun:
    """One run of a pipeline: its config, its ids and where its learning goes."""

    config: PipelineConfig
    dag_id: str
    run_id: str
    store_url: str | None = None
    aws_conn_id: str = "aws_default"
    random_state: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def correlation_id(self) -> str:
        """`dag_id/run_id`: ties every message and stored object of this run together."""
        return f"{self.dag_id}/{self.run_id}"

    @cached_property
    def store(self):
        """The learning-vector store of this run (settings' store when no url was given)."""
        from strands_airflow.vectors.store import LearningVectorStore

        return LearningVectorStore(self.store_url, aws_conn_id=self.aws_conn_id)


# -- 1. decision ---------------------------------------------------------------------------
def decide(run: PipelineRun, emit: Emit = _no_emit) -> dict[str, Any]:
    """Pick the platform for the run's workload from the learned history."""
    from strands_airflow.agents.decision import DecisionAgent

    agent = DecisionAgent(
        store=run.store, platforms=run.config.platforms, random_state=run.random_state
    )
    decision = agent.decide(run.config.workload).model_dump(mode="json")
    decision["pipeline"] = run.config.name
    emit(MessageType.DECISION_MADE, decision)
    return decision


# -- 2. execution ----------------------------------------------------------------------------
def predicted_seconds(decision: dict[str, Any] | None, platform: str) -> float | None:
    """The decision's expected runtime on `platform`, when it has one."""
    score = ((decision or {}).get("scores") or {}).get(platform) or {}
    for key in ("expected_runtime_s", "mean_runtime_s", "expected_penalized_runtime_s"):
        if isinstance(score.get(key), (int, float)):
            return float(score[key])
    return None


def build_job(run: PipelineRun, platform: str, decision: dict[str, Any] | None = None):
    """The job for `platform` (raises StrandsConfigError naming a missing setting)."""
    from strands_airflow.execution.models import Job

    return Job.from_config(
        run.config,
        platform,
        run.correlation_id,
        predicted_seconds=predicted_seconds(decision, platform),
    )


def execute(
    run: PipelineRun,
    decision: dict[str, Any] | None,
    emit: Emit = _no_emit,
    *,
    platform: str | None = None,
) -> dict[str, Any]:
    """Run the job where the decision (or `platform`) says; a failed job raises after
    EXECUTION_FAILED was emitted, carrying the platform's own error text."""
    from strands_airflow.execution import get_runner

    chosen = platform or (decision or {}).get("selected_platform")
    if not chosen:
        raise ExecutionError("no platform: give the decision's result or an explicit platform")
    job = build_job(run, chosen, decision)
    emit(MessageType.EXECUTION_STARTED, {"platform": chosen, "pipeline": run.config.name})
    result = get_runner(chosen).run(job)
    return finish_execution(run, result.model_dump(mode="json"), emit)


def finish_execution(
    run: PipelineRun, result: dict[str, Any], emit: Emit = _no_emit
) -> dict[str, Any]:
    """Announce a finished execution; raise `ExecutionError` when it failed."""
    payload = {"execution_result": result, "pipeline": run.config.name}
    if not result.get("success"):
        emit(MessageType.EXECUTION_FAILED, payload)
        err = ExecutionError(
            f"{result.get('platform')} run failed: {result.get('error') or result.get('state') or 'unknown error'}"
        )
        err.result = result  # type: ignore[attr-defined]  # the learning step records it
        raise err
    emit(MessageType.EXECUTION_COMPLETED, payload)
    return result


# -- 3. quality ---------------------------------------------------------------------------------
def _code_findings(run: PipelineRun) -> list[dict[str, Any]]:
    cfg = run.config
    if not cfg.quality.analyze_code:
        return []
    base = Path(cfg.base_dir) if cfg.base_dir else None
    if cfg.transform.kind == "sql":
        from strands_airflow.agents.quality.sql.analyzer import analyze_sql

        sql = cfg.transform.sql_text(base) or ""
        return [
            f.model_dump(mode="json")
            for f in analyze_sql(sql, dialect=cfg.transform.dialect).findings
        ]
    script = cfg.resolve(cfg.transform.pyspark or "")
    if "://" in script and not script.startswith("file://"):
        log.info("PySpark script %s is remote; code analysis skipped", script)
        return []
    from strands_airflow.agents.quality.pyspark.analyzer import analyze_pyspark

    path = Path(script.removeprefix("file://"))
    return [f.model_dump(mode="json") for f in analyze_pyspark(path.read_text()).findings]


def quality(
    run: PipelineRun, execution: dict[str, Any] | None, emit: Emit = _no_emit
) -> dict[str, Any]:
    """Analyse the job's code, turn the config's requests into checks and run them on the
    target; store the report under quality/reports/ and return it."""
    from strands_airflow.agents.quality.agent import QualityAgent

    agent = QualityAgent()
    target = run.config.target
    report = agent.assess(
        target=target.model_dump(mode="json") | {"uri": run.config.resolve(target.uri)},
        natural_language=run.config.quality.natural_language,
        checks=run.config.quality.checks,
        findings=_code_findings(run),
    )
    data = report.model_dump(mode="json")
    data["run_id"] = run.correlation_id
    data["min_score"] = run.config.quality.min_score
    run.store.put_report("quality", run.correlation_id, data)
    emit(MessageType.QUALITY_REPORT, quality_summary(data))
    return data


def quality_summary(report: dict[str, Any]) -> dict[str, Any]:
    """Quality report as a message payload: the full report can exceed the bus limit."""
    return {
        "overall_score": report.get("overall_score"),
        "failed_checks": [r["check"] for r in report.get("results", []) if not r.get("passed")],
        "findings": [
            {k: f[k] for k in ("rule", "pattern", "line", "message")}
            for f in report.get("findings", [])
        ],
        "run_id": report.get("run_id"),
    }


# -- 4. optimization -------------------------------------------------------------------------------
def optimize(
    run: PipelineRun,
    decision: dict[str, Any] | None,
    execution: dict[str, Any] | None,
    quality_report: dict[str, Any] | None,
    emit: Emit = _no_emit,
) -> list[dict[str, Any]]:
    """Compare the run with the learned baselines and rank what to change."""
    from strands_airflow.agents.optimization import OptimizationAgent

    agent = OptimizationAgent()
    recs = agent.recommend(
        {
            "workload": run.config.workload,
            "execution": execution,
            "quality": quality_report,
            "decision": decision,
            "run_id": run.correlation_id,
        },
        run.store,  # the agent reads the newest vectors, costs included
    )
    data = [r.model_dump(mode="json") for r in recs]
    run.store.put_report(
        "optimization", run.correlation_id, {"run_id": run.correlation_id, "recommendations": data}
    )
    emit(
        MessageType.OPTIMIZATION_REPORT,
        {"run_id": run.correlation_id, "recommendations": data[:20]},
    )
    return data


# -- 5. learning ---------------------------------------------------------------------------------------
def learn(
    run: PipelineRun,
    decision: dict[str, Any] | None,
    execution: dict[str, Any] | None,
    quality_report: dict[str, Any] | None,
    optimization: list[dict[str, Any]] | None,
    emit: Emit = _no_emit,
) -> dict[str, Any]:
    """Store the run as a learning vector (idempotent per run) and announce it."""
    from strands_airflow.agents.learning import LearningAgent

    agent = LearningAgent(store=run.store)
    vector = agent.capture(
        decision,
        execution,
        quality_report,
        optimization,
        workload=run.config.workload,
        run_key=(run.dag_id, run.run_id, "learning"),
    )
    data = vector.model_dump(mode="json")
    emit(
        MessageType.LEARNING_UPDATE,
        {
            "vector_id": data["vector_id"],
            "platform": data["execution_metrics"].get("platform_used"),
            "execution_time": data["execution_metrics"].get("execution_time_seconds"),
            "success": data["execution_metrics"].get("success"),
            "quality_score": data["execution_metrics"].get("data_quality_score"),
        },
    )
    return data
