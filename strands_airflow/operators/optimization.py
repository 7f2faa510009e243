"""`StrandsOptimizationOperator`: ranked recommendations for this run, as XCom.

Reads the decision, execution and quality XComs of the upstream tasks, compares the run
with the learned history (`OptimizationAgent.recommend`), stores the recommendations
under ``optimization/recommendations/`` in the store, publishes OPTIMIZATION_REPORT and
returns the `OptimizationReport` as XCom (``recommendations``, priority 1 first, plus the
baselines and notes behind them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import Context

from strands_airflow.operators.base import StrandsPipelineOperator, fail_fast_on_input_errors


class StrandsOptimizationOperator(StrandsPipelineOperator):
    """Recommend what to change, ranked by seconds and dollars saved per run.

    :param decision_task_id: task whose XCom is the decision (default ``decision``).
    :param execution_task_id: task whose XCom is the `ExecutionResult` (default ``execution``).
    :param quality_task_id: task whose XCom is the `QualityReport` (default ``quality``).
    """

    template_fields: Sequence[str] = (
        "config_path",
        "store_url",
        "decision_task_id",
        "execution_task_id",
        "quality_task_id",
    )
    ui_color = "#eef3fb"

    def __init__(
        self,
        *,
        decision_task_id: str | None = "decision",
        execution_task_id: str | None = "execution",
        quality_task_id: str | None = "quality",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.decision_task_id = decision_task_id
        self.execution_task_id = execution_task_id
        self.quality_task_id = quality_task_id

    @fail_fast_on_input_errors
    def execute(self, context: Context) -> dict[str, Any]:
        from strands_airflow.agents.decision.model import Decision
        from strands_airflow.agents.quality.models import QualityReport
        from strands_airflow.execution.models import ExecutionResult
        from strands_airflow.pipeline import steps

        run = self.pipeline_run(context)
        push = self.result_pusher(context)
        report = steps.optimize(
            run,
            self.upstream_model(context, self.decision_task_id, Decision),
            self.upstream_model(context, self.execution_task_id, ExecutionResult),
            self.upstream_model(context, self.quality_task_id, QualityReport),
            self.emitter(context),
            meanwhile=push,
        )
        for r in report.recommendations[:5]:
            self.log.info("recommendation %s [%s]: %s", r.priority, r.category, r.action)
        for note in report.notes:
            self.log.info("note: %s", note)
        data = report.model_dump(mode="json")
        return data if push is None else push.result(data)
