"""`StrandsCoordinator`: the seed's API for running a pipeline outside Airflow.

It drives the same five steps as the reference DAG (`strands_airflow.pipeline.steps`) and
publishes each step's message on its bus, once. The four agents it starts on the bus
answer requests (QUALITY_CHECK, DECISION_REQUEST, ...) from other code; they never redo a
step of a pipeline the coordinator runs. It returns the seed's result shape::

    coordinator = StrandsCoordinator()
    await coordinator.initialize()
    result = await coordinator.orchestrate_pipeline("Revenue per customer", config_path)
    result["status"], result["decision"]["selected_platform"]
    result["quality_reports"][0]["overall_score"]
    await coordinator.shutdown()

`StrandsEnhancedOrchestrator` is the synchronous drop-in with the same result.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import datetime, timezone
from typing import Any

from strands_airflow.bus import MessageBus, get_message_bus
from strands_airflow.bus.message import MessageType
from strands_airflow.pipeline import steps
from strands_airflow.pipeline.config import load_pipeline_config

log = logging.getLogger(__name__)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


class StrandsCoordinator:
    """Starts the agents on a bus and orchestrates pipelines (seed-compatible).

    :param bus: a bus to use; default `get_message_bus(bus_url)` (the configured default).
    :param store_url: learning-vector store; default from `[strands]` settings.
    :param aws_conn_id: AWS connection for the runners, the S3 store and Bedrock.
    :param random_state: seed of the Decision agent's exploration (reproducible runs).
    :param bedrock_model: Bedrock model id (default ``[strands] bedrock_model``).
    """

    def __init__(
        self,
        bus: MessageBus | None = None,
        *,
        bus_url: str | None = None,
        store_url: str | None = None,
        aws_conn_id: str = "aws_default",
        random_state: int | None = None,
        bedrock_model: str | None = None,
    ) -> None:
        self._bus = bus
        self._run_context: steps.RunContext | None = None
        self.bedrock_model = bedrock_model
        self.bus_url = bus_url
        self.store_url = store_url
        self.aws_conn_id = aws_conn_id
        self.random_state = random_state
        self.agents: dict[str, Any] = {}
        self.running = False
        self.active_pipelines: dict[str, dict[str, Any]] = {}

    @property
    def message_bus(self) -> MessageBus:
        """The coordinator's bus (the seed's attribute name)."""
        if self._bus is None:
            self._bus = get_message_bus(self.bus_url)
        return self._bus

    def _context(self) -> steps.RunContext:
        """The run context every pipeline of this coordinator runs with (built once)."""
        if self._run_context is None:
            self._run_context = steps.RunContext(
                aws_conn_id=self.aws_conn_id,
                store_url=self.store_url,
                random_state=self.random_state,
                bedrock_model=self.bedrock_model,
            )
        return self._run_context

    def _store(self):
        return self._context().store

    async def initialize(self) -> None:
        """Create and start the decision, quality, optimization and learning agents."""
        from strands_airflow.agents.decision import DecisionAgent
        from strands_airflow.agents.learning import LearningAgent
        from strands_airflow.agents.optimization import OptimizationAgent
        from strands_airflow.agents.quality.agent import QualityAgent

        bus = self.message_bus
        ctx = self._context()
        # Pure agents: each answers requests addressed to it and publishes nothing else, so
        # none of them re-learns or re-optimizes the runs this coordinator drives.
        self.agents = {
            "decision": DecisionAgent(
                store=ctx.store, random_state=self.random_state, bus=bus, bedrock=ctx.bedrock
            ),
            "quality": QualityAgent(bus=bus),
            "optimization": OptimizationAgent(store=ctx.store, prices=ctx.price_list, bus=bus),
            "learning": LearningAgent(store=ctx.store, bus=bus, bedrock=ctx.bedrock),
        }
        for agent in self.agents.values():
            await agent.start()
        await bus.start()
        self.running = True
        log.info("Strands coordinator initialized with %d agents", len(self.agents))

    async def shutdown(self) -> None:
        """Stop every agent (handlers in flight finish) and the bus."""
        for agent in self.agents.values():
            await agent.stop()
        await self.message_bus.stop()
        self.running = False

    async def orchestrate_pipeline(self, user_request: str, config_path: str) -> dict[str, Any]:
        """Run one pipeline end to end; never raises for a failed run (see `status`)."""
        from strands_airflow.pipeline.sample_data import ensure_sample_data, is_sample_config

        pipeline_id = uuid.uuid4().hex
        run_id = f"coordinator__{pipeline_id[:12]}"
        context: dict[str, Any] = {
            "pipeline_id": pipeline_id,
            "correlation_id": None,
            "user_request": user_request,
            "start_time": _now(),
            "status": "initializing",
            "quality_reports": [],
            "optimization_reports": [],
            "learning_updates": [],
        }
        decision = execution = quality = optimization = None
        run = None
        bus = self.message_bus

        def emit(
            message_type: MessageType, payload: dict[str, Any], target: str | None = None
        ) -> None:
            msg = bus.create_message(
                sender="coordinator",
                message_type=message_type,
                payload=payload,
                target=target,
                correlation_id=context["correlation_id"],
            )
            # steps run in worker threads: hand the message to the bus thread-safely
            bus.publish_sync(msg)

        try:
            if is_sample_config(config_path):
                await asyncio.to_thread(ensure_sample_data)
            config = await asyncio.to_thread(
                load_pipeline_config, config_path, aws_conn_id=self.aws_conn_id
            )
            run = steps.PipelineRun(
                config=config, dag_id="strands_coordinator", run_id=run_id, context=self._context()
            )
            context["correlation_id"] = run.correlation_id
            context["config"] = config.model_dump(mode="json", by_alias=True)
            self.active_pipelines[run.correlation_id] = context
            context["status"] = "running"
            decision = await asyncio.to_thread(steps.decide, run, emit)
            context["decision"] = decision.model_dump(mode="json")
            try:
                execution = await asyncio.to_thread(steps.execute, run, decision, emit)
            except steps.ExecutionFailed as exc:
                execution = exc.result
                context["execution_result"] = execution.model_dump(mode="json")
                raise
            context["execution_result"] = execution.model_dump(mode="json")
            quality = await asyncio.to_thread(steps.quality, run, execution, emit)
            context["quality_reports"] = [quality.model_dump(mode="json")]
            optimization = await asyncio.to_thread(
                steps.optimize, run, decision, execution, quality, emit
            )
            context["optimization_reports"] = [optimization.model_dump(mode="json")]
            context["status"] = "completed"
        except Exception as exc:  # noqa: BLE001 - the seed reports failures in the result
            log.error("pipeline %s failed: %s", pipeline_id, exc)
            context["status"] = "failed"
            context["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            if run is not None and decision is not None:
                # like the DAG's all_done learning task: failed runs are learned too
                try:
                    vector = await asyncio.to_thread(
                        steps.learn, run, decision, execution, quality, optimization, emit
                    )
                    context["learning_updates"] = [vector.model_dump(mode="json")]
                except Exception as exc:  # noqa: BLE001
                    log.error("learning step failed: %s", exc)
                    context.setdefault("error", f"learning: {exc}")
            drain = getattr(bus, "drain", None)
            if drain is not None:
                try:
                    await drain(timeout=5)  # let in-process agents see this run's messages
                except TimeoutError:
                    pass
            if context["correlation_id"]:
                context["messages"] = [
                    m.model_dump(mode="json")
                    for m in bus.get_message_history(context["correlation_id"])
                ]
                self.active_pipelines.pop(context["correlation_id"], None)
            context["end_time"] = _now()
        return context

    async def get_learning_summary(self, limit: int = 50) -> dict[str, Any]:
        """Totals, success rate, per-platform counts and runtimes of the last `limit` runs."""
        from strands_airflow.agents.learning import LearningAgent

        agent = self.agents.get("learning") or LearningAgent(store=self._store())
        return await asyncio.to_thread(agent.learning_summary, limit)

    async def get_agent_metrics(self) -> dict[str, dict[str, Any]]:
        """Each agent's counters (messages processed, errors, mean handling ms...).

        Awaited, as the seed writes it: ``metrics = await coordinator.get_agent_metrics()``.
        """
        return self.agent_metrics()

    def agent_metrics(self) -> dict[str, dict[str, Any]]:
        """:meth:`get_agent_metrics` for synchronous code."""
        return {name: agent.metrics() for name, agent in self.agents.items()}


class StrandsEnhancedOrchestrator:
    """Synchronous drop-in for the seed's orchestrator: same result as the coordinator."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs

    def orchestrate(self, user_request: str, config_path: str) -> dict[str, Any]:
        """Start agents, run one pipeline, stop agents; returns the coordinator's result."""

        async def go() -> dict[str, Any]:
            coordinator = StrandsCoordinator(**self.kwargs)
            await coordinator.initialize()
            try:
                return await coordinator.orchestrate_pipeline(user_request, config_path)
            finally:
                await coordinator.shutdown()

        return asyncio.run(go())

    # the seed's method name
    orchestrate_pipeline = orchestrate
