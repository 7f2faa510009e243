"""`OptimizationAgent` (the seed's `StrandsOptimizationAgent`): what to change, ranked by what it saves.

``recommend(run, history)`` reads the current run (its workload, `ExecutionResult` and
`QualityReport`, as dicts from XCom or as models) and the history of learning vectors,
and returns `Recommendation`s, priority 1 first:

1. baselines per group of similar workloads (the Decision agent's workload classes):
   per platform the median and p90 runtime of successful runs, median cost, success rate;
2. a regression: this run failed where similar runs succeed, or took longer than the
   p90 and 20% over the median of its platform;
3. a platform move the history supports: a faster platform (or a cheaper one) with at
   least `min_runs` successful similar runs and no worse success rate; under a cost
   objective (``run["objective"] = {"minimize": "cost", "deadline_seconds": D, ...}``,
   the pipeline config's ``objective``) the platform with the lowest median cost +
   penalty x share of similar runs that missed the deadline, stating the dollars and the
   seconds it saves per run;
4. configuration: Lambda runs near the 15-minute limit, Glue runs under its 1-minute
   billing minimum;
5. one concrete fix per Quality finding slug, and one per failed data check.

Ranking: failed data checks first (wrong data outweighs slow data), then by value =
``usd_saved + seconds_saved / 3600 x usd_per_hour`` (default $10 per hour of runtime,
set ``usd_per_hour``), then the unmeasured ones by severity. Without history the agent
says so (``report.notes``, the log) and returns only the code and data fixes; it never
invents a figure.

Example::

    recs = OptimizationAgent().recommend(
        {"workload": {"data_volume": "low"}, "execution": result_dict, "quality": report_dict},
        history=store.query(limit=10_000))
"""

from __future__ import annotations

import logging
from typing import Any

from strands_airflow.agents.base import StrandsAgent
from strands_airflow.agents.optimization import rules
from strands_airflow.agents.optimization.cost_moves import miss_rates, platform_move_for_cost
from strands_airflow.agents.optimization.history import (
    RunHistory,
    baselines,
    describe_class,
    recent_ids,
    workload_class,
)
from strands_airflow.agents.optimization.model import OptimizationReport, Recommendation
from strands_airflow.agents.optimization.rules import CurrentRun
from strands_airflow.bus.message import Message, MessageType
from strands_airflow.core.blas import one_blas_thread
from strands_airflow.core.coerce import as_mapping
from strands_airflow.core.objective import Objective

log = logging.getLogger(__name__)

_SEVERITY = {"error": 0, "warning": 1, "info": 2}
_CATEGORY = {
    "data_quality": 0,
    "regression": 1,
    "configuration": 2,
    "platform": 3,
    "cost": 4,
    "code": 5,
}
NO_HISTORY_NOTE = (
    "no history of similar runs: only code-level recommendations (Quality findings and failed "
    "data checks); platform, cost and regression advice starts once similar runs are recorded"
)


def _first(d: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        if d.get(k) is not None:
            return d[k]
    return None


def parse_run(run: Any) -> CurrentRun:
    """The current run from the shapes that travel in XCom (dicts) or from models."""
    d = as_mapping(run, step="optimization")
    ex = as_mapping(_first(d, "execution", "execution_result", "result"), step="optimization")
    if not ex and "success" in d and ("platform" in d or "platform_used" in d):
        ex = d  # the run *is* an ExecutionResult
    q = as_mapping(_first(d, "quality", "quality_report"), step="optimization")
    findings: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    sources = [q.get("findings"), d.get("findings")]
    sources += [
        as_mapping(d.get(k), step="optimization").get("findings")
        for k in ("code_report", "sql_report", "pyspark_report")
    ]
    for group in sources:
        for f in group or []:
            f = as_mapping(f, step="optimization")
            key = (f.get("pattern"), f.get("line"), f.get("column"))
            if f and key not in seen:
                seen.add(key)
                findings.append(f)
    failed = [
        as_mapping(r, step="optimization")
        for r in q.get("results") or []
        if not as_mapping(r, step="optimization").get("passed", True)
    ]
    details = as_mapping(ex.get("details"), step="optimization")
    settings = {
        "worker_type": details.get("WorkerType"),
        "number_of_workers": details.get("NumberOfWorkers"),
    }
    settings = {k: v for k, v in settings.items() if v is not None}
    settings.update(as_mapping(_first(d, "settings", "platform_settings"), step="optimization"))
    decision = as_mapping(d.get("decision"), step="optimization")
    seconds = ex.get("execution_time_seconds")
    cost = ex.get("cost_estimate_usd")
    return CurrentRun(
        run_id=_first(d, "run_id", "vector_id") or ex.get("external_id"),
        platform=_first(ex, "platform", "platform_used")
        or d.get("platform")
        or decision.get("selected_platform"),
        workload=as_mapping(d.get("workload"), step="optimization"),
        seconds=float(seconds) if isinstance(seconds, (int, float)) else None,
        success=ex.get("success") if isinstance(ex.get("success"), bool) else None,
        cost=float(cost) if isinstance(cost, (int, float)) else None,
        error=ex.get("error"),
        settings=settings,
        findings=findings,
        failed_checks=failed,
    )


class OptimizationAgent(StrandsAgent):
    """Turns a finished run plus history into ranked, evidence-backed recommendations.

    Args:
        store: a ``LearningVectorStore``: the default history, and where
            :meth:`store_report` writes (``optimization/recommendations/``).
        min_runs: successful similar runs a platform needs before it is compared (default 5).
        usd_per_hour: what an hour of pipeline runtime is worth to you, to rank time
            against money (default $10).
        prices: list prices for the cost rules (see ``execution.pricing``).
        assumed_shares: override the rule-of-thumb runtime share per finding slug.
        max_evidence_ids: run ids listed per platform in an evidence (most recent).
        store_history_limit: how many of the store's newest vectors are the default history.
    """

    def __init__(
        self,
        store: Any = None,
        *,
        min_runs: int = 5,
        usd_per_hour: float = 10.0,
        prices: dict[str, Any] | None = None,
        assumed_shares: dict[str, float | None] | None = None,
        max_evidence_ids: int = 20,
        store_history_limit: int = 5000,
        agent_name: str = "optimization_agent",
        bus: Any = None,
        cycle_interval: float = 60.0,
    ) -> None:
        super().__init__(agent_name, "optimization", bus, cycle_interval=cycle_interval)
        from strands_airflow.execution.pricing import get_prices

        self.store = store
        self.min_runs = max(int(min_runs), 1)
        self.usd_per_hour = float(usd_per_hour)
        self.prices = prices if prices is not None else get_prices()
        self.assumed_shares = dict(assumed_shares or {})
        self.max_evidence_ids = int(max_evidence_ids)
        self.store_history_limit = int(store_history_limit)

    # -- the library API -------------------------------------------------------------
    def recommend(self, run: Any, history: Any = None) -> list[Recommendation]:
        """Ranked recommendations for `run` (priority 1 = do first); see the module docs."""
        return self.report(run, history).recommendations

    @one_blas_thread()
    def report(self, run: Any, history: Any = None) -> OptimizationReport:
        """`recommend` plus the baselines, group and notes behind it."""
        import numpy as np

        cur = parse_run(run)
        objective = Objective.parse(
            as_mapping(run, step="optimization").get("objective"), "run.objective"
        )
        if history is None and self.store is not None:
            history = self.store
        h = RunHistory.from_any(history, store_limit=self.store_history_limit)
        notes: list[str] = []
        group = None
        mask = np.ones(len(h), dtype=bool)
        if len(h) and cur.workload:
            from strands_airflow.core.features import stored_workload_features

            emb = np.asarray(stored_workload_features(cur.workload), dtype=np.float32)
            mask = workload_class(h.embedding) == workload_class(emb)[0]
            group = describe_class(emb)
        elif len(h):
            notes.append("no workload given: compared with every run in the history")
        if cur.run_id is not None and len(h):
            mask &= h.ids != cur.run_id
        bases = baselines(h, mask)
        similar = int(mask.sum())
        recs: list[Recommendation] = []
        if similar == 0:
            notes.append(NO_HISTORY_NOTE)
            log.info("optimization: %s", NO_HISTORY_NOTE)
        else:
            ids_of = {
                p: recent_ids(h, mask & (h.platform == p) & h.success, self.max_evidence_ids)
                for p in bases
            }
            mine = bases.get(cur.platform or "")
            recs += rules.regression(cur, mine, ids_of.get(cur.platform or "", []), self.min_runs)
            if objective.is_cost:
                recs += platform_move_for_cost(
                    cur,
                    bases,
                    ids_of,
                    miss_rates(h, mask, bases, objective),
                    objective,
                    min_runs=self.min_runs,
                )
            else:
                recs += rules.platform_moves(
                    cur, bases, ids_of, min_runs=self.min_runs, usd_per_hour=self.usd_per_hour
                )
            recs += rules.configuration(cur, mine, self.prices)
        recs += rules.code_fixes(cur, self._basis(cur, bases, h, mask), self.assumed_shares)
        recs += rules.data_fixes(cur)
        ranked = self.rank(recs)
        return OptimizationReport(
            run_id=cur.run_id,
            platform=cur.platform,
            recommendations=ranked,
            baselines=bases,
            workload_group=group,
            history_runs=len(h),
            similar_runs=similar,
            notes=notes,
            ranking=(
                f"failed data checks first; then by usd_saved + seconds_saved/3600 x "
                f"{self.usd_per_hour:g} USD/h; then unmeasured items by severity"
            ),
        )

    def _basis(
        self, cur: CurrentRun, bases: dict[str, Any], h: RunHistory, mask: Any
    ) -> rules.CodeBasis | None:
        """The runtime a code fix's share is applied to: the platform median, else this run."""
        b = bases.get(cur.platform or "")
        if b is not None and b.median_seconds is not None:
            ids = recent_ids(
                h, mask & (h.platform == cur.platform) & h.success, self.max_evidence_ids
            )
            desc = f"median runtime of {b.successful_runs} similar {cur.platform} runs"
            return (b.median_seconds, b.median_cost_usd, desc, ids, "history")
        if cur.success and cur.seconds is not None:
            return (
                cur.seconds,
                cur.cost,
                "this run's runtime",
                [cur.run_id] if cur.run_id else [],
                "current_run",
            )
        return None

    def rank(self, recs: list[Recommendation]) -> list[Recommendation]:
        """Order and number the recommendations (priority 1..n)."""

        def key(r: Recommendation) -> tuple[Any, ...]:
            value = r.value_usd(self.usd_per_hour)
            if r.category == "data_quality":
                tier, v = 0, 0.0
            elif value is not None and value > 0:
                tier, v = 1, -value
            else:
                tier, v = 2, 0.0
            return (
                tier,
                v,
                _SEVERITY.get(r.severity, 1),
                _CATEGORY.get(r.category, 9),
                r.pattern or "",
            )

        ordered = sorted(recs, key=key)
        return [r.model_copy(update={"priority": i}) for i, r in enumerate(ordered, start=1)]

    def store_report(
        self, run_id: str, report: OptimizationReport | list[Recommendation]
    ) -> str | None:
        """Write the recommendations under ``optimization/recommendations/`` (None without a store)."""
        if self.store is None:
            return None
        if isinstance(report, list):
            report = OptimizationReport(run_id=run_id, recommendations=report)
        return str(self.store.put_report("optimization", run_id, report))

    # -- the bus ------------------------------------------------------------------------
    def _get_subscribed_message_types(self) -> list[MessageType]:
        # Requests only: a pipeline's own EXECUTION_COMPLETED is optimized by its caller's
        # step, so reacting to it too would give a run a second OPTIMIZATION_REPORT.
        return [MessageType.AGENT_REQUEST]

    async def process_message(self, message: Message) -> dict[str, Any] | None:
        """AGENT_REQUEST ``optimization_recommendations`` -> OPTIMIZATION_REPORT to the sender.

        The payload carries the run (``run``: workload / execution / quality, or the seed's
        ``execution_result``) and optionally ``history`` (vectors); without it the store's
        history is used. The report is stored when the agent has a store.
        """
        p = message.payload or {}
        if p.get("request_type") != "optimization_recommendations":
            return None
        run = p.get("run") or {
            "execution": p.get("execution_result") or p.get("execution"),
            "workload": p.get("workload") or (p.get("context") or {}).get("workload"),
            "quality": p.get("quality") or p.get("quality_report"),
            "run_id": p.get("run_id") or message.correlation_id,
            "objective": p.get("objective"),
        }
        report = self.report(run, p.get("history"))
        body = report.model_dump(mode="json")
        if report.run_id or message.correlation_id:
            key = self.store_report(str(report.run_id or message.correlation_id), report)
            if key:
                body["stored_at"] = key
        await self.send_message(
            MessageType.OPTIMIZATION_REPORT,
            {"in_reply_to": message.id, **body},
            target=message.sender,
            correlation_id=message.correlation_id,
            priority=message.priority,
        )
        return body


#: The seed's name.
StrandsOptimizationAgent = OptimizationAgent
