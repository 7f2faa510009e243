"""`StrandsCoordinator`: the seed's API for running a pipeline outside Airflow.

It runs the same five steps as the reference DAG (`strands_airflow.pipeline.steps`), with
the four agents started on a bus, and returns the seed's result shape::

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
    :param random_state: seed of the Decision agent's exploration (reproducible runs).
    """

    def __init__(
        self,
        bus: MessageBus | None = None,
        *,
        bus_url: str | None = None,
        store_url: str | None = None,
        aws_conn_id: str = "aws_default",
        random_state: int | None = None,
    ) -> None:
        self._bus = bus
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

    def _store(self):
        from strands_airflow.vectors.store import LearningVectorStore

        return LearningVectorStore(self.store_url, aws_conn_id=self.aws_conn_id)

    async def initialize(self) -> None:
        """Create and start the decision, quality, optimization and learning agents."""
        from strands_airflow.agents.decision import DecisionAgent
        from strands_airflow.agents.learning import LearningAgent
        from strands_airflow.agents.optimization import OptimizationAgent
        from strands_airflow.agents.quality.agent import QualityAgent

        bus = self.message_bus
        store = self._store()
        self.agents = {
            "decision": DecisionAgent(store=store, random_state=self.random_state, bus=bus),
            "quality": QualityAgent(bus=bus),
            "optimization": OptimizationAgent(bus=bus),
            "learning": LearningAgent(store=store, bus=bus),
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
        loop = asyncio.get_running_loop()
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
            asyncio.run_coroutine_threadsafe(bus.publish(msg), loop).result()

        try:
            if is_sample_config(config_path):
                await asyncio.to_thread(ensure_sample_data)
            config = await asyncio.to_thread(
                load_pipeline_config, config_path, aws_conn_id=self.aws_conn_id
            )
            run = steps.PipelineRun(
                config=config,
                dag_id="strands_coordinator",
                run_id=run_id,
                store_url=self.store_url,
                aws_conn_id=self.aws_conn_id,
                random_state=self.random_state,
            )
            context["correlation_id"] = run.correlation_id
            context["config"] = config.model_dump(mode="json", by_alias=True)
            self.active_pipelines[run.correlation_id] = context
            context["status"] = "running"
            decision = await asyncio.to_thread(steps.decide, run, emit)
            context["decision"] = decision
            try:
                execution = await asyncio.to_thread(steps.execute, run, decision, emit)
            except Exception as exc:
                execution = getattr(exc, "result", None)
                context["execution_result"] = execution
                raise
            context["execution_result"] = execution
            quality = await asyncio.to_thread(steps.quality, run, execution, emit)
            context["quality_reports"] = [quality]
            optimization = await asyncio.to_thread(
                steps.optimize, run, decision, execution, quality, emit
            )
            context["optimization_reports"] = [{"recommendations": optimization}]
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
                    context["learning_updates"] = [vector]
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
        return agent.learning_summary(last_n=limit)

    def get_agent_metrics(self) -> dict[str, dict[str, Any]]:
        """Each agent's counters (messages processed, errors, mean handling ms...)."""
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
