"""Base of the Strands operators: connections, the hook, and publish-and-return.

Operators hold no agent logic: `execute()` builds inputs, calls one agent method, returns a
JSON-serialisable dict (the XCom) and publishes the matching message. The XCom is the DAG's
durable data flow; the bus message is a notification that never fails the task (a Redis
outage parks it in the outbox).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from airflow.sdk import BaseOperator, Context

from strands_airflow.exceptions import (
    DecisionInputError,
    QualityRequestError,
    StepInputError,
    StrandsConfigError,
)
from strands_airflow.hooks.strands import StrandsHook
from strands_airflow.links.strands import StrandsDashboardLink
from strands_airflow.operators.lineage import OpenLineageMixin


def correlation_id_for(context: Context) -> str:
    """`dag_id/run_id`: the id tying together every message of one DAG run."""
    ti = context["ti"]
    return f"{ti.dag_id}/{ti.run_id}"


class StrandsBaseOperator(BaseOperator):
    """Common arguments of Strands operators.

    :param redis_conn_id: Redis connection of the bus (default `redis_default`).
    :param aws_conn_id: AWS connection (default `aws_default`).
    :param bus_url: explicit bus url, overriding the connection.
    :param message_priority: priority 0..9 of the message this task publishes.
    """

    template_fields: Sequence[str] = ()
    ui_color = "#e8f4ea"
    operator_extra_links = (StrandsDashboardLink(),)

    def __init__(
        self,
        *,
        redis_conn_id: str = "redis_default",
        aws_conn_id: str = "aws_default",
        bus_url: str | None = None,
        message_priority: int = 5,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.redis_conn_id = redis_conn_id
        self.aws_conn_id = aws_conn_id
        self.bus_url = bus_url
        self.message_priority = message_priority

    @cached_property
    def hook(self) -> StrandsHook:
        """The Strands hook for this task's connections (built on first use)."""
        return StrandsHook(
            redis_conn_id=self.redis_conn_id, aws_conn_id=self.aws_conn_id, bus_url=self.bus_url
        )

    def publish(
        self,
        context: Context,
        message_type: Any,
        payload: dict[str, Any],
        *,
        target: str | None = None,
        sender: str | None = None,
        correlation_id: str | None = None,
    ) -> dict[str, Any]:
        """Publish a message for this run; returns it as a JSON dict (suitable for XCom)."""
        from strands_airflow.bus.message import build_message

        msg = build_message(
            sender=sender or self.task_id,
            message_type=message_type,
            payload=payload,
            target=target,
            priority=self.message_priority,
            correlation_id=correlation_id or correlation_id_for(context),
            max_payload_bytes=self.hook.settings.max_payload_bytes,
        )
        # one bus per task: one cached client for every message this task publishes
        self.task_bus.publish_sync(msg)
        return msg.model_dump(mode="json")

    @cached_property
    def task_bus(self):
        """This task's bus (its connection's), released in `post_execute`."""
        return self.hook.get_bus()

    def post_execute(self, context: Any, result: Any = None) -> None:
        super().post_execute(context, result)
        if "task_bus" in self.__dict__:
            self.__dict__.pop("task_bus").close()


class _ResultPusher:
    """Pushes a task's return value once (see `StrandsPipelineOperator.result_pusher`)."""

    def __init__(self, ti: Any) -> None:
        self.ti = ti
        self.pushed = False

    def __call__(self, value: Any) -> None:
        from airflow.sdk.bases.xcom import BaseXCom

        self.ti.xcom_push(BaseXCom.XCOM_RETURN_KEY, value)
        self.pushed = True

    def result(self, value: Any) -> Any:
        """What ``execute()`` returns: None once pushed (Airflow would push it again)."""
        return None if self.pushed else value


class StrandsPipelineOperator(OpenLineageMixin, StrandsBaseOperator):
    """Base of the five pipeline operators: a pipeline config, its run, and `emit`.

    Each subclass's `execute()` calls one step of `strands_airflow.pipeline.steps` with the
    run built here and the upstream XComs, and returns the step's JSON dict (its
    ``return_value`` XCom). The decision and optimization operators push that XCom
    themselves while the step's report is stored (`result_pusher`) and then return None in
    a real task run; a direct ``execute()`` call still returns the dict.

    :param config_path: pipeline config (local path, file:// or s3://) (templated); the
        reference DAG passes ``{{ params.config_path }}``.
    :param store_url: learning-vector store; default from `[strands]` (S3 bucket or the
        embedded file store).
    """

    template_fields: Sequence[str] = ("config_path", "store_url")

    def __init__(
        self, *, config_path: str | None = None, store_url: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.config_path = config_path
        self.store_url = store_url

    def run_context_kwargs(self) -> dict[str, Any]:
        """Extra `RunContext` arguments of this operator (prices, poll interval...)."""
        return {}

    def run_context(self):
        """The run context of this task: its connections, store and prices, built once."""
        from strands_airflow.pipeline.context import RunContext

        return RunContext(
            aws_conn_id=self.aws_conn_id,
            store_url=self.store_url or self.hook.settings.vector_store_url,
            **self.run_context_kwargs(),
        )

    def pipeline_run(self, context: Context, *, required: bool = True):
        """The run: the config loaded and validated (failing at once naming the field).

        Without a config and with ``required=False``, a standalone run named after the task.
        """
        from strands_airflow.pipeline.config import load_pipeline_config
        from strands_airflow.pipeline.context import PipelineRun
        from strands_airflow.pipeline.sample_data import is_sample_config

        ti = context["ti"]
        if not self.config_path:
            if required:
                raise _no_retry(
                    StrandsConfigError(
                        f"{self.task_id}: config_path is empty; give a pipeline config"
                    )
                )
            return PipelineRun(
                config=None,
                dag_id=ti.dag_id,
                run_id=ti.run_id,
                context=self.run_context(),
                name=self.task_id,
            )
        if is_sample_config(self.config_path):
            from strands_airflow.pipeline.sample_data import ensure_sample_data

            ensure_sample_data()
        try:
            config = load_pipeline_config(self.config_path, aws_conn_id=self.aws_conn_id)
        except StrandsConfigError as exc:
            # a bad config does not get better by retrying: fail now, naming the field
            raise _no_retry(exc) from exc
        return PipelineRun(
            config=config, dag_id=ti.dag_id, run_id=ti.run_id, context=self.run_context()
        )

    def emitter(self, context: Context) -> _TaskEmitter:
        """`emit(message_type, payload, target=None)` publishing for this task; its
        `prepare()` opens the task's bus (its connection) without publishing."""
        return _TaskEmitter(self, context)

    def result_pusher(self, context: Context) -> _ResultPusher | None:
        """A way to push this task's return value (its ``return_value`` XCom) while the step
        still waits on its report's PUT, instead of after ``execute()`` returns: the two
        round trips overlap (the XCom is an execution-API call of ~15-20 ms on a worker).

        None where Airflow's own push must do it: outside a real task run (a direct
        ``execute()`` call), with ``do_xcom_push=False``, ``multiple_outputs``, or a mapped
        task downstream (Airflow records the mapped length with the value). After the
        pusher ran, ``execute()`` returns None so the value is not pushed twice.
        """
        try:
            from airflow.sdk.execution_time.task_runner import RuntimeTaskInstance
        except ImportError:  # pragma: no cover - an Airflow without the task SDK runner
            return None
        ti = context.get("ti")
        if (
            not isinstance(ti, RuntimeTaskInstance)
            or not self.do_xcom_push
            or getattr(self, "multiple_outputs", False)
            or next(self.iter_mapped_dependants(), None) is not None
        ):
            return None
        return _ResultPusher(ti)

    def upstream(self, context: Context, task_id: str | None) -> Any:
        """The XCom of an upstream task (None when no task id or no value)."""
        if not task_id:
            return None
        return context["ti"].xcom_pull(task_ids=task_id)

    def upstream_model(self, context: Context, task_id: str | None, model: Any) -> Any:
        """The upstream XCom validated as `model` (None when absent).

        A malformed XCom fails the task naming this task, the upstream task and the field
        (``StepInputError``), and is not retried: it would be malformed again.
        """
        from strands_airflow.core.coerce import as_optional_model
        from strands_airflow.exceptions import StepInputError

        value = self.upstream(context, task_id)
        try:
            return as_optional_model(model, value, step=f"{self.task_id}: XCom of task {task_id!r}")
        except StepInputError as exc:
            raise _no_retry(exc) from exc


class _TaskEmitter:
    """A pipeline step's `emit` for one task: publishes through the operator's bus."""

    def __init__(self, operator: StrandsPipelineOperator, context: Context) -> None:
        self._operator = operator
        self._context = context

    def __call__(
        self, message_type: Any, payload: dict[str, Any], target: str | None = None
    ) -> None:
        self._operator.publish(self._context, message_type, payload, target=target)

    def prepare(self) -> None:
        self._operator.task_bus.prepare()


#: errors in what a DAG author wrote (config, workload, requests, XComs): retrying cannot help
INPUT_ERRORS: tuple[type[Exception], ...] = (
    StrandsConfigError,
    DecisionInputError,
    QualityRequestError,
    StepInputError,
)


def fail_fast_on_input_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate `execute`: an input error fails the task at once instead of retrying."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except INPUT_ERRORS as exc:
            raise _no_retry(exc) from exc

    return wrapper


def _no_retry(exc: Exception) -> Exception:
    """`exc` as an AirflowFailException: input errors fail at once, without retries."""
    from airflow.sdk.exceptions import AirflowFailException

    return AirflowFailException(f"{type(exc).__name__}: {exc}")
