"""`StrandsExecutionOperator`: run the pipeline's job where the decision sent it.

The platform comes from the decision task's XCom (``selected_platform``), or from the
templated `platform` argument (``"{{ ti.xcom_pull(task_ids='decision')['selected_platform'] }}"``
or a plain ``"glue"``). The task publishes EXECUTION_STARTED, then EXECUTION_COMPLETED
and returns the `ExecutionResult` as XCom, or publishes EXECUTION_FAILED and fails with
the platform's own error text. A failed result is also pushed as the task's XCom
before the task fails, so a learning task running on ``all_done`` records the failure.

Remote runs (glue, emr_serverless) defer to the amazon provider's triggers
(`GlueJobCompleteTrigger`, `EmrServerlessStartJobTrigger`) instead of holding a worker
slot; the run's id is pushed as XCom ``external_id`` before deferring. A task killed
while waiting and run again resumes on the same external job: the runner finds the run
still going for this DAG run's key and waits on it instead of starting a second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import Context

from strands_airflow.exceptions import ExecutionError, StrandsConfigError
from strands_airflow.operators.base import StrandsPipelineOperator


class StrandsExecutionOperator(StrandsPipelineOperator):
    """Run the pipeline's transform on local DuckDB, Glue, EMR Serverless or Lambda.

    :param platform: platform id (templated); empty means the decision's ``selected_platform``.
    :param decision_task_id: task whose XCom is the decision (default ``decision``); its
        predicted runtime lets the Lambda runner refuse a job past 15 minutes.
    :param deferrable: wait for remote runs (glue, emr_serverless) in the triggerer instead
        of holding a worker slot (default True; local runs never defer).
    :param poll_interval: seconds between status checks of a remote run.
    :param max_wait_attempts: status checks before the trigger gives up waiting.
    :param pricing_variable: Airflow Variable with price overrides (see ``execution.pricing``).
    """

    template_fields: Sequence[str] = ("config_path", "store_url", "platform", "decision_task_id")
    ui_color = "#fdf1e3"

    def __init__(
        self,
        *,
        platform: str | None = None,
        decision_task_id: str | None = "decision",
        deferrable: bool = True,
        poll_interval: float = 30.0,
        max_wait_attempts: int = 2880,
        pricing_variable: str | None = "strands_pricing",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.platform = platform
        self.decision_task_id = decision_task_id
        self.deferrable = deferrable
        self.poll_interval = poll_interval
        self.max_wait_attempts = max_wait_attempts
        self.pricing_variable = pricing_variable

    # -- pieces -----------------------------------------------------------------------
    def _decision(self, context: Context) -> dict[str, Any] | None:
        decision = self.upstream(context, self.decision_task_id)
        return decision if isinstance(decision, dict) else None

    def _platform(self, decision: dict[str, Any] | None) -> str:
        chosen = (self.platform or "").strip() or (decision or {}).get("selected_platform")
        if not chosen:
            raise StrandsConfigError(
                f"{self.task_id}: no platform; set platform= or give decision_task_id= a task "
                f"whose XCom has 'selected_platform' (got {self.decision_task_id!r})"
            )
        return str(chosen)

    def _runner(self, platform: str):
        from strands_airflow.execution import get_runner
        from strands_airflow.execution.pricing import get_prices

        return get_runner(
            platform,
            aws_conn_id=self.aws_conn_id,
            poll_interval=self.poll_interval,
            prices=get_prices(variable_key=self.pricing_variable),
        )

    def _finish(self, context: Context, run: Any, result: dict[str, Any]) -> dict[str, Any]:
        from strands_airflow.pipeline import steps

        if not result.get("success"):
            # The learning task (all_done) reads the failed result from this XCom.
            context["ti"].xcom_push(key="return_value", value=result)
        return steps.finish_execution(run, result, self.emitter(context))

    # -- Airflow entry points ---------------------------------------------------------------
    def execute(self, context: Context) -> dict[str, Any]:
        from strands_airflow.bus.message import MessageType
        from strands_airflow.pipeline import steps

        run = self.pipeline_run(context)
        decision = self._decision(context)
        platform = self._platform(decision)
        # Settings are checked here: a missing one fails before anything is started.
        job = steps.build_job(run, platform, decision)
        job.settings.setdefault("max_wait_attempts", self.max_wait_attempts)
        runner = self._runner(platform)
        emit = self.emitter(context)
        emit(
            MessageType.EXECUTION_STARTED,
            {"platform": platform, "pipeline": run.config.name, "run_key": job.run_key},
        )
        if runner.deferrable and self.deferrable:
            external_id = runner.start(job)
            context["ti"].xcom_push(key="external_id", value=external_id)
            self.log.info(
                "%s run %s is running; deferring until it finishes", platform, external_id
            )
            self.defer(
                trigger=runner.trigger(job, external_id, aws_conn_id=self.aws_conn_id),
                method_name="execute_complete",
                kwargs={"platform": platform, "external_id": external_id},
            )
        result = runner.run(job)
        self.log.info(
            "%s run %s: %s in %.1f s",
            platform,
            result.external_id,
            result.state,
            result.execution_time_seconds,
        )
        return self._finish(context, run, result.model_dump(mode="json"))

    def execute_complete(
        self,
        context: Context,
        event: dict[str, Any] | None = None,
        platform: str | None = None,
        external_id: str | None = None,
    ) -> dict[str, Any]:
        """Resume after the trigger fired: read the run's final state from the platform.

        The run id comes from the defer kwargs, else the trigger event, else the
        ``external_id`` XCom pushed before deferring (an error event carries no id).
        """
        from strands_airflow.bus.message import MessageType
        from strands_airflow.pipeline import steps

        run = self.pipeline_run(context)
        decision = self._decision(context)
        platform = platform or self._platform(decision)
        ev = event or {}
        external_id = (
            external_id
            or ev.get("run_id")
            or (ev.get("job_details") or {}).get("job_id")
            or context["ti"].xcom_pull(task_ids=self.task_id, key="external_id")
        )
        if not external_id:
            raise ExecutionError(
                f"{platform} run finished but its id is unknown (trigger event: {ev})"
            )
        job = steps.build_job(run, platform, decision)
        runner = self._runner(platform)
        try:
            result = runner.result(job, external_id)
        except ExecutionError as exc:
            # e.g. the trigger stopped waiting (max attempts) while the run goes on
            status = (event or {}).get("message") or (event or {}).get("status")
            failed = {
                "platform": platform,
                "success": False,
                "external_id": external_id,
                "error": f"{exc} (trigger: {status})",
                "execution_time_seconds": 0.0,
            }
            self.emitter(context)(
                MessageType.EXECUTION_FAILED,
                {"execution_result": failed, "pipeline": run.config.name},
            )
            raise
        self.log.info("%s run %s finished: %s", platform, external_id, result.state)
        return self._finish(context, run, result.model_dump(mode="json"))
