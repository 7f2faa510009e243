"""`StrandsLearningOperator`: store the run as a learning vector, even when it failed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import Context

from strands_airflow.operators.base import StrandsPipelineOperator, fail_fast_on_input_errors


class StrandsLearningOperator(StrandsPipelineOperator):
    """Build the run's learning vector from the upstream XComs, store it, broadcast it.

    Runs with ``trigger_rule="all_done"`` by default, so a run whose execution or quality
    step failed is learned too (a failed execution counts as runtime + 1800 s for the
    Decision agent). A retry writes no second vector: the vector id comes from
    ``(dag_id, run_id, "learning")``. The vector is the XCom.

    :param config_path: pipeline config (templated); its workload describes the run.
    :param workload: the workload, when no config is given (templated).
    :param decision_task_id, execution_task_id, quality_task_id, optimization_task_id:
        the upstream tasks whose XComs are read (a missing one is simply absent).
    """

    template_fields: Sequence[str] = ("config_path", "store_url", "workload")
    template_fields_renderers = {"workload": "json"}
    ui_color = "#f3eafb"

    def __init__(
        self,
        *,
        workload: dict[str, Any] | None = None,
        decision_task_id: str | None = "decision",
        execution_task_id: str | None = "execution",
        quality_task_id: str | None = "quality",
        optimization_task_id: str | None = "optimization",
        trigger_rule: str = "all_done",
        **kwargs: Any,
    ) -> None:
        super().__init__(trigger_rule=trigger_rule, **kwargs)
        self.workload = workload
        self.decision_task_id = decision_task_id
        self.execution_task_id = execution_task_id
        self.quality_task_id = quality_task_id
        self.optimization_task_id = optimization_task_id

    @fail_fast_on_input_errors
    def execute(self, context: Context) -> dict[str, Any]:
        from strands_airflow.agents.decision.model import Decision
        from strands_airflow.agents.quality.models import QualityReport
        from strands_airflow.execution.models import ExecutionResult
        from strands_airflow.pipeline import steps

        decision = self.upstream_model(context, self.decision_task_id, Decision)
        execution = self.upstream_model(context, self.execution_task_id, ExecutionResult)
        quality = self.upstream_model(context, self.quality_task_id, QualityReport)
        optimization = steps.as_optimization_report(
            self.upstream(context, self.optimization_task_id),
            step=f"{self.task_id}: XCom of task {self.optimization_task_id!r}",
        )
        # With or without a config: one step, one vector, one LEARNING_UPDATE.
        run = self.pipeline_run(context, required=False)
        if self.workload:
            run.workload = dict(self.workload)
        vector = steps.learn(run, decision, execution, quality, optimization, self.emitter(context))
        m = vector.execution_metrics
        self.log.info(
            "learned vector %s: %s %s in %s s",
            vector.vector_id,
            m.platform_used,
            "succeeded" if m.success else "failed",
            m.execution_time_seconds,
        )
        return vector.model_dump(mode="json")
