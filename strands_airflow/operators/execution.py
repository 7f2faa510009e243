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

Cancellation (``cancel_on_kill``, default True): the remote run is stopped (Glue:
BatchStopJobRun, EMR Serverless: CancelJobRun) when

- the task is killed while a worker waits on the run (``on_kill``);
- a user clears, marks failed or marks succeeded the *deferred* task: Airflow calls the
  trigger's ``on_kill`` in the triggerer (`StrandsRunTrigger`);
- the deferred task times out (``execution_timeout`` is passed as the deferral timeout):
  Airflow fails the task on a worker, where `resume_execution` stops the run first.

A run that already finished is left alone; a Lambda invocation cannot be stopped (logged).

Assets (``emit_assets``, default True): the config's sources are the task's inlets and its
target its outlet. A literal local `config_path` is read at parse time and its assets
declared statically; a templated one gets an `AssetAlias` filled at run time. The
target's asset event carries ``rows_written``, the platform, the run's external id and
the DAG run (see `strands_airflow.operators.assets`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import Context

from strands_airflow.exceptions import ExecutionError, StrandsConfigError
from strands_airflow.operators.base import StrandsPipelineOperator, fail_fast_on_input_errors


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
    :param cancel_on_kill: stop the remote run when the task is killed, cleared while
        deferred, or times out (default True).
    :param emit_assets: declare the config's sources / target as inlets / outlet and emit
        the target's asset event on success (default True).
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
        cancel_on_kill: bool = True,
        emit_assets: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.platform = platform
        self.decision_task_id = decision_task_id
        self.deferrable = deferrable
        self.poll_interval = poll_interval
        self.max_wait_attempts = max_wait_attempts
        self.pricing_variable = pricing_variable
        self.cancel_on_kill = cancel_on_kill
        self.emit_assets = emit_assets
        self._target_asset: Any = None
        self._target_alias: Any = None
        if emit_assets:
            self._declare_assets()
        #: (plan, external_id) of the remote run this worker waits on, for `on_kill`
        self._active: tuple[Any, str] | None = None

    # -- assets -----------------------------------------------------------------------
    def _declare_assets(self) -> None:
        from airflow.sdk import AssetAlias

        from strands_airflow.operators.assets import alias_name, static_assets

        declared = static_assets(self.config_path, self.aws_conn_id)
        if declared is not None:
            inlets, self._target_asset = declared
            self.inlets = [*self.inlets, *inlets]
            self.outlets = [*self.outlets, self._target_asset]
        else:
            self._target_alias = AssetAlias(name=alias_name(self.dag_id, self.task_id))
            self.outlets = [*self.outlets, self._target_alias]

    def _emit_target_event(self, context: Context, run: Any, result: Any) -> None:
        """Attach the run's figures to the target's asset event (added to the alias when
        the config was only known now)."""
        from airflow.sdk import Asset

        from strands_airflow.operators.assets import config_asset_uris

        _, target = config_asset_uris(run.require_config("execution"))
        extra = {
            "rows_written": result.rows_out,
            "platform": result.platform,
            "external_id": result.external_id,
            "dag_run": run.correlation_id,
            "pipeline": run.pipeline_name,
        }
        events = context["outlet_events"]
        if self._target_asset is not None:
            events[self._target_asset].extra.update(extra)
        elif self._target_alias is not None:
            events[self._target_alias].add(Asset(uri=target), extra=extra)

    # -- pieces -----------------------------------------------------------------------
    def run_context_kwargs(self) -> dict[str, Any]:
        return {"pricing_variable": self.pricing_variable, "poll_interval": self.poll_interval}

    def _plan(self, context: Context, run: Any, platform: str | None = None) -> Any:
        from strands_airflow.agents.decision.model import Decision
        from strands_airflow.pipeline import steps

        decision = self.upstream_model(context, self.decision_task_id, Decision)
        chosen = platform or (self.platform or "").strip() or None
        if not chosen and decision is None:
            raise StrandsConfigError(
                f"{self.task_id}: no platform; set platform= or give decision_task_id= a task "
                f"whose XCom has 'selected_platform' (got {self.decision_task_id!r})"
            )
        plan = steps.plan_execution(run, decision, platform=chosen)
        plan.job.settings.setdefault("max_wait_attempts", self.max_wait_attempts)
        return plan

    def _finish(self, context: Context, run: Any, result: Any) -> dict[str, Any]:
        from strands_airflow.pipeline import steps

        if not result.success:
            # The learning task (all_done) reads the failed result from this XCom.
            context["ti"].xcom_push(key="return_value", value=result.model_dump(mode="json"))
        done = steps.finish_execution(run, result, self.emitter(context))
        if self.emit_assets:
            self._emit_target_event(context, run, done)
        return done.model_dump(mode="json")

    # -- Airflow entry points ---------------------------------------------------------------
    @fail_fast_on_input_errors
    def execute(self, context: Context) -> dict[str, Any]:
        from strands_airflow.core.aws import naming_connection
        from strands_airflow.pipeline import steps

        run = self.pipeline_run(context)
        # Settings are checked here: a missing one fails before anything is started.
        plan = self._plan(context, run)
        steps.start_execution(run, plan, self.emitter(context))
        if plan.runner.deferrable and self.deferrable:
            with naming_connection(f"{plan.platform} start", self.aws_conn_id, ExecutionError):
                external_id = plan.runner.start(plan.job)
            context["ti"].xcom_push(key="external_id", value=external_id)
            self.log.info(
                "%s run %s is running; deferring until it finishes", plan.platform, external_id
            )
            from strands_airflow.triggers.execution import StrandsRunTrigger

            inner = plan.runner.trigger(plan.job, external_id, aws_conn_id=self.aws_conn_id)
            self.defer(
                trigger=StrandsRunTrigger.wrap(
                    inner,
                    job=plan.job,
                    external_id=external_id,
                    aws_conn_id=self.aws_conn_id,
                    region_name=getattr(plan.runner, "region_name", None),
                    cancel_on_kill=self.cancel_on_kill,
                ),
                method_name="execute_complete",
                kwargs={"platform": plan.platform, "external_id": external_id},
                # without it a deferred task would wait past its execution_timeout
                timeout=self.execution_timeout,
            )
        if plan.runner.deferrable:
            # a remote run waited on here: keep its id so on_kill can stop it
            with naming_connection(f"{plan.platform} run", self.aws_conn_id, ExecutionError):
                external_id = plan.runner.start(plan.job)
                context["ti"].xcom_push(key="external_id", value=external_id)
                self._active = (plan, external_id)
                result = plan.runner.wait(plan.job, external_id)
                self._active = None
        else:
            result = steps.run_plan(run, plan)
        self.log.info(
            "%s run %s: %s in %.1f s",
            plan.platform,
            result.external_id,
            result.state,
            result.execution_time_seconds,
        )
        return self._finish(context, run, result)

    def on_kill(self) -> None:
        """The task is killed while this worker waits on a remote run: stop that run."""
        if self._active is None:
            return
        plan, external_id = self._active
        if not self.cancel_on_kill:
            self.log.info(
                "cancel_on_kill is off: %s run %s keeps running", plan.platform, external_id
            )
            return
        plan.runner.cancel(plan.job, external_id)

    def resume_execution(
        self, next_method: str, next_kwargs: dict[str, Any] | None, context: Context
    ) -> Any:
        """On a deferral timeout, stop the remote run before the task fails."""
        try:
            from airflow.sdk.exceptions import TaskDeferralTimeout
        except ImportError:  # Airflow < 3.1
            from airflow.exceptions import TaskDeferralTimeout  # type: ignore[no-redef]

        try:
            return super().resume_execution(next_method, next_kwargs, context)
        except TaskDeferralTimeout:
            if self.cancel_on_kill:
                self._cancel_after_timeout(context)
            raise

    def _cancel_after_timeout(self, context: Context) -> None:
        external_id = context["ti"].xcom_pull(task_ids=self.task_id, key="external_id")
        if not external_id:
            self.log.warning("deferral timed out before a run was started: nothing to cancel")
            return
        try:
            plan = self._plan(context, self.pipeline_run(context))
            self.log.info("deferral timed out: stopping %s run %s", plan.platform, external_id)
            plan.runner.cancel(plan.job, external_id)
        except Exception:  # the timeout is the error to report; say the run may go on
            self.log.exception("could not stop run %s; it may still be running", external_id)

    @fail_fast_on_input_errors
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
        from strands_airflow.execution.models import ExecutionResult
        from strands_airflow.pipeline import steps

        run = self.pipeline_run(context)
        plan = self._plan(context, run, platform)
        ev = event or {}
        external_id = (
            external_id
            or ev.get("run_id")
            or (ev.get("job_details") or {}).get("job_id")
            or context["ti"].xcom_pull(task_ids=self.task_id, key="external_id")
        )
        if not external_id:
            raise ExecutionError(
                f"{plan.platform} run finished but its id is unknown (trigger event: {ev})"
            )
        try:
            result = steps.collect_result(run, plan, external_id)
        except ExecutionError as exc:
            # e.g. the trigger stopped waiting (max attempts) while the run goes on
            status = ev.get("message") or ev.get("status")
            result = ExecutionResult(
                platform=plan.platform,
                success=False,
                external_id=external_id,
                error=f"{exc} (trigger: {status})",
                execution_time_seconds=0.0,
            )
        self.log.info("%s run %s finished: %s", plan.platform, external_id, result.state)
        return self._finish(context, run, result)
