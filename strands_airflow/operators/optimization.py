"""`StrandsOptimizationOperator`: ranked recommendations for this run, as XCom.

Reads the decision, execution and quality XComs of the upstream tasks, compares the run
with the learned history (`OptimizationAgent.recommend`), stores the recommendations
under ``optimization/recommendations/`` in the store, publishes OPTIMIZATION_REPORT and
returns the list of recommendations (priority 1 first) as XCom.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import Context

from strands_airflow.operators.base import StrandsPipelineOperator


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

    def execute(self, context: Context) -> list[dict[str, Any]]:
        from strands_airflow.pipeline import steps

        run = self.pipeline_run(context)
        recs = steps.optimize(
            run,
            self.upstream(context, self.decision_task_id),
            self.upstream(context, self.execution_task_id),
            self.upstream(context, self.quality_task_id),
            self.emitter(context),
        )
        for r in recs[:5]:
            self.log.info("recommendation %s [%s]: %s", r["priority"], r["category"], r["action"])
        return recs
