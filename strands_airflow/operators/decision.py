"""`StrandsDecisionOperator` and `StrandsPlatformBranchOperator`: where the job runs.

The decision operator asks the Decision agent (learned from every past run in the
learning-vector store) where this run's job should go, returns the `Decision` as XCom
(``model_dump(mode="json")``: ``selected_platform``, ``confidence``, ``reasoning``,
``scores``) and publishes DECISION_MADE. The branch operator then follows the task that
runs on the chosen platform and skips the others.

Example::

    decision = StrandsDecisionOperator(task_id="decision", config_path="{{ params.config_path }}")
    branch = StrandsPlatformBranchOperator(
        task_id="route", platform_tasks={"local": "run_local", "glue": "run_glue"}
    )
    decision >> branch >> [run_local, run_glue]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from airflow.providers.standard.operators.branch import BaseBranchOperator
from airflow.sdk import Context

from strands_airflow.exceptions import StrandsConfigError
from strands_airflow.operators.base import StrandsPipelineOperator, fail_fast_on_input_errors
from strands_airflow.pipeline.config import PLATFORM_IDS

if TYPE_CHECKING:
    from strands_airflow.agents.decision.service import DecisionServiceClient


class StrandsDecisionOperator(StrandsPipelineOperator):
    """Choose local, glue, emr_serverless or lambda for this run; the `Decision` is the XCom.

    Give a pipeline config (its ``workload`` and ``platforms`` section are used), or no
    config and a ``workload`` (with optional ``platforms``) directly.

    :param config_path: pipeline config (templated); optional when ``workload`` is given.
    :param workload: workload levels and/or numbers (templated); overrides the config's.
    :param platforms: platform ids, or a platforms section, to choose from (templated);
        default: the config's platforms, or all four without a config.
    :param objective: what to minimise (templated): ``{"minimize": "runtime"}`` (default) or
        ``{"minimize": "cost", "deadline_seconds": D, "deadline_penalty_usd": P}``;
        default: the config's ``objective``.
    :param random_state: seed of the exploration draws (for reproducible runs).
    :param store_url: learning-vector store; default from ``[strands]``.
    :param decision_service: ask a running ``strands-decision-service`` for the decision
        (over the Redis bus) instead of reading the store here; None (default): the
        ``[strands] decision_service`` setting. With no live service, or no answer within
        ``[strands] decision_service_timeout_seconds``, the task decides by itself.
    """

    template_fields: Sequence[str] = (
        "config_path",
        "store_url",
        "workload",
        "platforms",
        "objective",
    )
    template_fields_renderers = {"workload": "json", "platforms": "json", "objective": "json"}
    ui_color = "#e6eefb"

    def __init__(
        self,
        *,
        config_path: str | None = None,
        workload: dict[str, Any] | None = None,
        platforms: Any = None,
        objective: Any = None,
        random_state: int | None = None,
        decision_service: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(config_path=config_path or "", **kwargs)
        self.workload = workload
        self.platforms = platforms
        self.objective = objective
        self.random_state = random_state
        self.decision_service = decision_service

    def run_context_kwargs(self) -> dict[str, Any]:
        return {"random_state": self.random_state}

    @fail_fast_on_input_errors
    def execute(self, context: Context) -> dict[str, Any]:
        from strands_airflow.pipeline import steps

        self.workload = _literal(self.workload, "workload")
        self.platforms = _literal(self.platforms, "platforms")
        self.objective = _literal(self.objective, "objective")
        if not self.config_path and self.workload is None:
            raise StrandsConfigError(
                f"{self.task_id}: give config_path (a pipeline config) or workload "
                "(levels and/or numbers) to decide on"
            )
        # With or without a config: one step, one DECISION_MADE.
        run = self.pipeline_run(context, required=False)
        if self.workload is not None:
            run.workload = dict(self.workload)
        push = self.result_pusher(context)
        decision = steps.decide(
            run,
            self.emitter(context),
            platforms=self.platforms,
            objective=self.objective,
            meanwhile=push,
            service=self.service_client(),
        )
        self.log.info(
            "selected %s (confidence %.2f)\n%s",
            decision.selected_platform,
            decision.confidence,
            decision.reasoning,
        )
        data = decision.model_dump(mode="json")
        return data if push is None else push.result(data)

    def service_client(self) -> DecisionServiceClient | None:
        """The decision service's client on this task's Redis bus, when the service is asked
        for (argument, else ``[strands] decision_service``) and the bus is Redis."""
        settings = self.hook.settings
        wanted = (
            settings.decision_service if self.decision_service is None else self.decision_service
        )
        if not wanted:
            return None
        from strands_airflow.agents.decision.service import DecisionServiceClient
        from strands_airflow.bus.redis_stream import RedisStreamBus

        bus = self.task_bus
        if not isinstance(bus, RedisStreamBus):
            self.log.warning(
                "decision_service is on but the bus is not Redis (connection %r); deciding here",
                self.redis_conn_id,
            )
            return None
        return DecisionServiceClient(
            bus.sync_client(),
            prefix=bus.prefix,
            timeout=settings.decision_service_timeout_seconds,
        )


def _literal(value: Any, field: str) -> Any:
    """A templated dict/list rendered as text (no native rendering) back to its value."""
    if not isinstance(value, str) or value.strip()[:1] not in ("{", "["):
        return value
    import ast
    import json

    try:
        return json.loads(value)
    except ValueError:
        pass
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError) as exc:
        raise StrandsConfigError(f"{field}: not a JSON object or list ({value[:80]!r})") from exc


class StrandsPlatformBranchOperator(BaseBranchOperator):
    """Follow the task of the platform the decision chose; skip the other platforms' tasks.

    :param decision_task_id: task whose XCom is the decision (default ``decision``) (templated).
    :param platform_tasks: platform id -> task id (or task group id) to follow; default:
        a task named like the platform (``local``, ``glue``, ...).
    """

    template_fields: Sequence[str] = ("decision_task_id",)
    ui_color = "#e6eefb"

    def __init__(
        self,
        *,
        decision_task_id: str = "decision",
        platform_tasks: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        unknown = sorted(set(platform_tasks or {}) - set(PLATFORM_IDS))
        if unknown:
            raise StrandsConfigError(
                f"{kwargs.get('task_id')}: platform_tasks has unknown platform(s) "
                f"{', '.join(unknown)}; allowed: {', '.join(PLATFORM_IDS)}"
            )
        self.decision_task_id = decision_task_id
        self.platform_tasks = dict(platform_tasks or {p: p for p in PLATFORM_IDS})

    def choose_branch(self, context: Context) -> str:
        decision = context["ti"].xcom_pull(task_ids=self.decision_task_id)
        platform = (decision or {}).get("selected_platform") if isinstance(decision, dict) else None
        if not platform:
            raise StrandsConfigError(
                f"{self.task_id}: task {self.decision_task_id!r} returned no decision with a "
                "selected_platform; point decision_task_id at a StrandsDecisionOperator"
            )
        if platform not in self.platform_tasks:
            raise StrandsConfigError(
                f"{self.task_id}: the decision chose {platform!r} but platform_tasks has no task "
                f"for it (has: {', '.join(self.platform_tasks)})"
            )
        self.log.info("decision chose %s: following %s", platform, self.platform_tasks[platform])
        return self.platform_tasks[platform]
