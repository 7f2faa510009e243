"""The five pipeline steps, written once, with typed inputs and outputs.

The reference DAG's operators and `StrandsCoordinator` both call these functions, so a
pipeline learns the same thing inside Airflow and in a notebook. Each step takes the run
(:class:`~strands_airflow.pipeline.context.PipelineRun`: config, ids, and the run context
with its connections) and the upstream results as models:

==============  =======================================  =====================
step            takes                                    returns
==============  =======================================  =====================
decide          -                                        `Decision`
execute         `Decision`                               `ExecutionResult`
quality         `ExecutionResult`                        `QualityReport`
optimize        decision, execution, quality             `OptimizationReport`
learn           all four                                 `LearningVector`
==============  =======================================  =====================

Upstream results may also be given as their JSON dicts (what travels in XCom); a dict
that does not validate raises `StepInputError` naming the step and the field.

Each step announces its result through `emit(message_type, payload)`, exactly once: the
caller maps `emit` to its bus (an operator to its connection, the coordinator to its bus).
Agents themselves publish nothing here. No Airflow import: the steps are engine code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from strands_airflow.agents.decision.model import Decision
from strands_airflow.agents.optimization.model import OptimizationReport, Recommendation
from strands_airflow.agents.quality.models import Finding, QualityReport
from strands_airflow.bus.message import MessageType
from strands_airflow.core.aws import naming_connection
from strands_airflow.core.coerce import as_model, as_optional_model
from strands_airflow.exceptions import AnalysisError, ExecutionError
from strands_airflow.execution.models import ExecutionResult, Job
from strands_airflow.pipeline.context import PipelineRun, RunContext
from strands_airflow.vectors.model import LearningVector

if TYPE_CHECKING:
    from strands_airflow.agents.decision.service import DecisionRequest, DecisionServiceClient
    from strands_airflow.execution.base import Runner
    from strands_airflow.pipeline.config import PipelineConfig

log = logging.getLogger(__name__)
_T = TypeVar("_T")

__all__ = [
    "Emit",
    "ExecutionFailed",
    "ExecutionPlan",
    "PipelineRun",
    "QualitySpec",
    "RunContext",
    "decide",
    "execute",
    "finish_execution",
    "learn",
    "optimize",
    "plan_execution",
    "quality",
    "quality_summary",
    "start_execution",
]


class Emit(Protocol):
    """How a step announces its result: the caller publishes it on its bus.

    An emitter may also offer ``prepare()`` (open its bus connection, publish nothing):
    a step calls it while its store reads, or its report, are in flight, so the waits
    overlap.
    """

    def __call__(
        self, message_type: MessageType, payload: dict[str, Any], target: str | None = None
    ) -> Any: ...


def _no_emit(message_type: MessageType, payload: dict[str, Any], target: str | None = None) -> None:
    return None


def _while_the_bus_opens(run: PipelineRun, emit: Emit, work: Callable[[], _T]) -> _T:
    """``work()`` (the step's store reads and arithmetic) on a thread while this thread
    opens the bus (``emit.prepare()``): the two waits overlap instead of adding up.

    An Airflow connection is read through the task's supervisor channel, which belongs to
    the task's own thread (``dag.test()``'s in-process channel is not safe for two), so
    every connection is read here: the store's first (``ready(client=False)``: its client is
    then built on the thread), then the bus's, while ``work`` runs. ``work`` must read no
    other connection. Without ``prepare`` (the coordinator's buses) it simply runs.
    """
    prepare = getattr(emit, "prepare", None)
    if prepare is None:
        return work()
    from concurrent.futures import ThreadPoolExecutor

    run.store.ready(client=False)
    with ThreadPoolExecutor(1, thread_name_prefix="strands-step") as pool:
        done = pool.submit(work)
        try:
            prepare()
        finally:
            result = done.result()  # the step's own error wins over the bus's
    return result


def _store_report_then_emit(
    run: PipelineRun,
    kind: str,
    report: dict[str, Any],
    emit: Emit,
    message_type: MessageType,
    payload: dict[str, Any],
    *,
    bus_open: bool = False,
    meanwhile: Callable[[], None] | None = None,
) -> None:
    """Store the run's report, then announce it (a message never names a report that is not
    stored yet). The PUT runs on a thread while this one opens the bus connection (both
    are network waits of ~10-30 ms on a worker) and runs ``meanwhile()`` (the task's own
    XCom push: another wait of the same size); the store's client is opened first, here,
    because an Airflow connection is read through the task's supervisor channel, which
    belongs to the task's own thread. A failed PUT fails the step with nothing announced."""
    prepare = None if bus_open else getattr(emit, "prepare", None)
    if prepare is None and meanwhile is None:  # nothing to overlap
        run.store.put_report(kind, run.correlation_id, report)
    else:
        from concurrent.futures import ThreadPoolExecutor

        run.store.ready()
        with ThreadPoolExecutor(1, thread_name_prefix="strands-report") as pool:
            stored = pool.submit(run.store.put_report, kind, run.correlation_id, report)
            try:
                if prepare is not None:
                    prepare()
                if meanwhile is not None:
                    meanwhile()
            finally:
                stored.result()  # a failed PUT fails the step before anything is announced
    emit(message_type, payload)


class ExecutionFailed(ExecutionError):
    """The job ran and failed on its platform; `result` is the failed `ExecutionResult`."""

    def __init__(self, message: str, result: ExecutionResult) -> None:
        super().__init__(message)
        self.result = result


# -- 1. decision ---------------------------------------------------------------------------
def decide(
    run: PipelineRun,
    emit: Emit = _no_emit,
    *,
    platforms: Any = None,
    objective: Any = None,
    meanwhile: Callable[[dict[str, Any]], None] | None = None,
    service: DecisionServiceClient | None = None,
) -> Decision:
    """Pick the platform for the run's workload from the learned history.

    `platforms` (ids or a platforms section) narrows the config's platforms; `objective`
    (``{"minimize": "cost", "deadline_seconds": ...}``) overrides the config's.
    `meanwhile(decision_json)` runs on this thread while the decision's report is stored
    (an operator pushes its XCom there), before the message goes out. With `service`, a
    live decision service decides (and stores the report); without an answer from it the
    step decides here, the same way.
    """
    if platforms is None and run.config is not None:
        platforms = run.config.platforms
    workload = run.workload_spec
    goal = objective if objective is not None else run.objective
    if service is not None:
        answer = service.ask(_decision_request(run, workload, platforms, goal, service.timeout))
        if answer is not None:
            decision = answer[0]
            data = decision.model_dump(mode="json")
            log.info("decided by the decision service %s", service.answered_by)
            if meanwhile is not None:
                meanwhile(data)
            emit(MessageType.DECISION_MADE, data)
            return decision
    agent = run.context.decision_agent(platforms)
    decision = _while_the_bus_opens(
        run, emit, lambda: agent.decide(workload, objective=goal)
    ).model_copy(update={"pipeline": run.pipeline_name})
    data = decision.model_dump(mode="json")
    # stored beside the run's other reports, so a decision sensor works without Redis
    _store_report_then_emit(
        run,
        "decision",
        data,
        emit,
        MessageType.DECISION_MADE,
        data,
        bus_open=True,
        meanwhile=None if meanwhile is None else lambda: meanwhile(data),
    )
    return decision


def _decision_request(
    run: PipelineRun, workload: dict[str, Any], platforms: Any, goal: Any, wait: float
) -> DecisionRequest:
    """What the decision service needs to decide exactly as this run's own agent would."""
    import time

    from strands_airflow.agents.decision.service import DecisionRequest

    ctx = run.context
    custom_prices = ctx.prices is not None or bool(ctx.pricing_variable)
    dump = getattr(platforms, "model_dump", None)
    objective = getattr(goal, "model_dump", None)
    return DecisionRequest(
        store_url=run.store.url,
        correlation_id=run.correlation_id,
        pipeline=run.pipeline_name,
        workload=workload,
        platforms=dump(mode="json") if dump is not None else platforms,
        objective=objective(mode="json") if objective is not None else goal,
        prices=ctx.price_list if custom_prices else None,
        bedrock_model=ctx.bedrock.model_id or "",
        random_state=ctx.random_state,
        deadline=time.time() + wait,
    )


# -- 2. execution: plan, start, finish -------------------------------------------------------
@dataclass
class ExecutionPlan:
    """Where and what to run: the platform, the job built from the config, and its runner."""

    platform: str
    job: Job
    runner: Runner


def predicted_seconds(decision: Decision | None, platform: str) -> float | None:
    """The decision's expected runtime on `platform`, when it has one."""
    if decision is None or platform not in decision.scores:
        return None
    score = decision.scores[platform].model_dump()
    for key in ("expected_runtime_s", "mean_runtime_s", "expected_penalized_runtime_s"):
        if isinstance(score.get(key), int | float):
            return float(score[key])
    return None


def plan_execution(
    run: PipelineRun, decision: Decision | dict[str, Any] | None, *, platform: str | None = None
) -> ExecutionPlan:
    """The job and runner for the decision's platform (or `platform`); starts nothing.

    Raises StrandsConfigError naming a missing platform setting before anything starts.
    """
    dec = as_optional_model(Decision, decision, step="execution: decision")
    chosen = (platform or "").strip() or (dec.selected_platform if dec else "")
    if not chosen:
        raise ExecutionError(
            "execution: no platform; give the decision's result or an explicit platform"
        )
    job = Job.from_config(
        run.require_config("execution"),
        chosen,
        run.correlation_id,
        predicted_seconds=predicted_seconds(dec, chosen),
    )
    return ExecutionPlan(platform=chosen, job=job, runner=run.context.runner(chosen))


def start_execution(run: PipelineRun, plan: ExecutionPlan, emit: Emit = _no_emit) -> None:
    """Announce the start (EXECUTION_STARTED, with the run key a retry resumes by)."""
    emit(
        MessageType.EXECUTION_STARTED,
        {"platform": plan.platform, "pipeline": run.pipeline_name, "run_key": plan.job.run_key},
    )


def run_plan(run: PipelineRun, plan: ExecutionPlan) -> ExecutionResult:
    """Run the plan's job to the end on its platform (AWS errors name the connection)."""
    with naming_connection(f"{plan.platform} run", run.context.aws_conn_id, ExecutionError):
        return plan.runner.run(plan.job)


def collect_result(run: PipelineRun, plan: ExecutionPlan, external_id: str) -> ExecutionResult:
    """The finished remote run's result (the deferrable operator's second half)."""
    with naming_connection(f"{plan.platform} result", run.context.aws_conn_id, ExecutionError):
        return plan.runner.result(plan.job, external_id)


def finish_execution(
    run: PipelineRun, result: ExecutionResult | dict[str, Any], emit: Emit = _no_emit
) -> ExecutionResult:
    """Announce a finished execution; raise `ExecutionFailed` (carrying it) when it failed."""
    res = as_model(ExecutionResult, result, step="execution: result")
    payload = {"execution_result": res.model_dump(mode="json"), "pipeline": run.pipeline_name}
    if not res.success:
        emit(MessageType.EXECUTION_FAILED, payload)
        raise ExecutionFailed(
            f"{res.platform} run failed: {res.error or res.state or 'unknown error'}", res
        )
    emit(MessageType.EXECUTION_COMPLETED, payload)
    return res


def execute(
    run: PipelineRun,
    decision: Decision | dict[str, Any] | None,
    emit: Emit = _no_emit,
    *,
    platform: str | None = None,
) -> ExecutionResult:
    """Plan, start, run and finish the job where the decision (or `platform`) says."""
    plan = plan_execution(run, decision, platform=platform)
    start_execution(run, plan, emit)
    return finish_execution(run, run_plan(run, plan), emit)


# -- 3. quality ---------------------------------------------------------------------------------
@dataclass
class QualitySpec:
    """What the quality step checks: code to analyse, requests and checks, and the target.

    Built from the pipeline config (:meth:`from_config`), or given by a standalone quality
    operator (SQL and a target without a pipeline).
    """

    target: Any = None
    conn_id: str | None = None
    natural_language: list[str] = field(default_factory=list)
    checks: list[Any] = field(default_factory=list)
    sql: str | None = None
    dialect: str = "ansi"
    pyspark: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def from_config(cls, config: PipelineConfig) -> QualitySpec:
        """The config's target, requests, checks and the findings in its transform."""
        target = config.target
        return cls(
            target=target.model_dump(mode="json") | {"uri": config.resolve(target.uri)},
            natural_language=list(config.quality.natural_language),
            checks=list(config.quality.checks),
            findings=code_findings(config),
        )


def code_findings(cfg: PipelineConfig) -> list[Finding]:
    """Anti-pattern findings in a config's SQL or (local) PySpark script.

    Code that cannot be analysed (over the size limit, past the time budget, a crash of
    the native parser) gives one ``analysis_error`` finding: the data checks still run.
    """
    if not cfg.quality.analyze_code:
        return []
    try:
        return _code_findings(cfg)
    except AnalysisError as exc:
        log.warning("code analysis skipped: %s", exc)
        return [
            Finding(
                rule="analysis",
                pattern="analysis_error",
                line=0,
                column=0,
                message=f"the job's code was not analysed: {exc}",
                suggestion="split the job's code, or raise [strands] analysis_max_bytes / "
                "analysis_timeout_seconds",
                severity="info",
            )
        ]


def _code_findings(cfg: PipelineConfig) -> list[Finding]:
    base = Path(cfg.base_dir) if cfg.base_dir else None
    if cfg.transform.kind == "sql":
        from strands_airflow.agents.quality.sql.analyzer import analyze_sql

        return list(analyze_sql(cfg.transform.sql_text(base) or "", cfg.transform.dialect).findings)
    script = cfg.resolve(cfg.transform.pyspark or "")
    if "://" in script and not script.startswith("file://"):
        log.info("PySpark script %s is remote; code analysis skipped", script)
        return []
    from strands_airflow.agents.quality.pyspark.analyzer import analyze_pyspark

    path = Path(script.removeprefix("file://"))
    return list(analyze_pyspark(path.read_text()).findings)


def quality(
    run: PipelineRun,
    execution: ExecutionResult | dict[str, Any] | None,
    emit: Emit = _no_emit,
    *,
    spec: QualitySpec | None = None,
) -> QualityReport:
    """Analyse the job's code, turn the requests into checks and run them on the target;
    store the report under quality/reports/ and return it.

    `spec` defaults to the run's config (its target, ``quality`` section and transform).
    """
    as_optional_model(ExecutionResult, execution, step="quality: execution")
    if spec is None:
        spec = QualitySpec.from_config(run.require_config("quality"))
    report = run.context.quality_agent().assess(
        target=spec.target,
        conn_id=spec.conn_id,
        natural_language=spec.natural_language,
        checks=spec.checks,
        sql=spec.sql,
        dialect=spec.dialect,
        pyspark=spec.pyspark,
        findings=spec.findings,
    )
    min_score = run.config.quality.min_score if run.config else None
    report = report.model_copy(update={"run_id": run.correlation_id, "min_score": min_score})
    _store_report_then_emit(
        run,
        "quality",
        report.model_dump(mode="json"),
        emit,
        MessageType.QUALITY_REPORT,
        quality_summary(report),
    )
    return report


def quality_summary(report: QualityReport | dict[str, Any]) -> dict[str, Any]:
    """Quality report as a message payload: the full report can exceed the bus limit."""
    rep = as_model(QualityReport, report, step="quality report")
    return {
        "overall_score": rep.overall_score,
        "failed_checks": [r.check.model_dump(mode="json") for r in rep.results if not r.passed],
        "findings": [
            {"rule": f.rule, "pattern": f.pattern, "line": f.line, "message": f.message}
            for f in rep.findings
        ],
        "run_id": rep.run_id,
    }


# -- 4. optimization -------------------------------------------------------------------------------
def optimize(
    run: PipelineRun,
    decision: Decision | dict[str, Any] | None,
    execution: ExecutionResult | dict[str, Any] | None,
    quality_report: QualityReport | dict[str, Any] | None,
    emit: Emit = _no_emit,
    *,
    meanwhile: Callable[[dict[str, Any]], None] | None = None,
) -> OptimizationReport:
    """Compare the run with the learned baselines and rank what to change.

    `meanwhile(report_json)` runs while the report is stored (as in `decide`)."""
    dec = as_optional_model(Decision, decision, step="optimization: decision")
    res = as_optional_model(ExecutionResult, execution, step="optimization: execution")
    rep = as_optional_model(QualityReport, quality_report, step="optimization: quality")
    report = run.context.optimization_agent().report(
        {
            "workload": run.workload_spec,
            "execution": res.model_dump(mode="json") if res else None,
            "quality": rep.model_dump(mode="json") if rep else None,
            "decision": dec.model_dump(mode="json") if dec else None,
            "run_id": run.correlation_id,
            "objective": (
                run.objective.model_dump(mode="json") if run.objective is not None else None
            ),
        }
    )
    report = report.model_copy(update={"run_id": run.correlation_id})
    data = report.model_dump(mode="json")
    _store_report_then_emit(
        run,
        "optimization",
        data,
        emit,
        MessageType.OPTIMIZATION_REPORT,
        {
            "run_id": run.correlation_id,
            "recommendations": [r.model_dump(mode="json") for r in report.recommendations[:20]],
        },
        meanwhile=None if meanwhile is None else lambda: meanwhile(data),
    )
    return report


def as_optimization_report(value: Any, *, step: str) -> OptimizationReport | None:
    """An optimization XCom as a report: the report, its dict, or a bare list of
    recommendations (what the optimization operator returned before reports)."""
    if value is None or isinstance(value, OptimizationReport):
        return value
    if isinstance(value, Sequence) and not isinstance(value, str | bytes | dict):
        recs = [as_model(Recommendation, r, step=step) for r in value]
        return OptimizationReport(recommendations=recs)
    return as_model(OptimizationReport, value, step=step)


# -- 5. learning ---------------------------------------------------------------------------------------
def learn(
    run: PipelineRun,
    decision: Decision | dict[str, Any] | None,
    execution: ExecutionResult | dict[str, Any] | None,
    quality_report: QualityReport | dict[str, Any] | None,
    optimization: OptimizationReport | dict[str, Any] | list[Any] | None,
    emit: Emit = _no_emit,
) -> LearningVector:
    """Store the run as a learning vector (idempotent per run) and announce it once."""
    from strands_airflow.agents.learning import learning_update_payload

    dec = as_optional_model(Decision, decision, step="learning: decision")
    res = as_optional_model(ExecutionResult, execution, step="learning: execution")
    rep = as_optional_model(QualityReport, quality_report, step="learning: quality")
    opt = as_optimization_report(optimization, step="learning: optimization")
    vector = run.context.learning_agent().capture(
        dec,
        res,
        rep,
        opt,
        workload=run.workload_spec,
        run_key=(run.dag_id, run.run_id, "learning"),
    )
    emit(MessageType.LEARNING_UPDATE, learning_update_payload(vector))
    return vector
