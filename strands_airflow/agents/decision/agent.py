"""`DecisionAgent`: picks where a job runs and learns from every run in its store.

Example::

    from strands_airflow.vectors.store import LearningVectorStore
    agent = DecisionAgent(store=LearningVectorStore("memory://"), platforms=["local", "glue"],
                          random_state=7)
    decision = agent.decide({"data_volume_gb": 250, "num_joins": 3, "transform": "sql"})
    decision.selected_platform, decision.confidence, print(decision.reasoning)
    # money under a deadline instead of speed:
    agent.decide(workload, objective={"minimize": "cost", "deadline_seconds": 1800})

Constructing the agent connects to nothing; ``start()`` subscribes it on the bus, where a
DECISION_REQUEST (payload ``{"workload": {...}, "platforms": [...]}``) is answered with a
DECISION_MADE to the sender (same correlation id; an ``"objective"`` key in the request
is honoured), and a LEARNING_UPDATE makes it read the
new runs from its store at once.
"""

from __future__ import annotations

import logging
import math
import threading
from typing import Any

import numpy as np

from strands_airflow.agents.base import StrandsAgent
from strands_airflow.agents.decision.constraints import PlatformChoice, resolve_platforms
from strands_airflow.agents.decision.cost import CostLearner
from strands_airflow.agents.decision.cost_scoring import score_cost
from strands_airflow.agents.decision.follow import StoreFollower
from strands_airflow.agents.decision.learned_state import StateFollower
from strands_airflow.agents.decision.learner import LearnerSettings, PlatformLearner
from strands_airflow.agents.decision.model import Decision
from strands_airflow.agents.decision.scoring import score
from strands_airflow.bus.message import Message, MessageType
from strands_airflow.core.bedrock import BedrockSettings
from strands_airflow.core.blas import one_blas_thread
from strands_airflow.core.features import (
    EMBEDDING_DIM,
    FEATURE_SCHEMA_VERSION,
    stored_workload_features,
    workload_features,
)
from strands_airflow.core.objective import Objective
from strands_airflow.core.workload import Workload
from strands_airflow.exceptions import DecisionInputError, StrandsError

log = logging.getLogger(__name__)


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def vector_to_run(vector: Any) -> tuple[np.ndarray, str, float, bool] | None:
    """(embedding, platform, seconds, success) of a learning vector, or None if it has no run."""
    metrics = _get(vector, "execution_metrics") or {}
    platform = _get(metrics, "platform_used")
    seconds = _get(metrics, "execution_time_seconds")
    if not platform or seconds is None:
        return None
    success = _get(metrics, "success")
    if success is None:
        status = _get(_get(vector, "pipeline_context") or {}, "status")
        success = status in (None, "completed", "success")
    emb = _get(vector, "embedding")
    version = _get(vector, "feature_schema_version", FEATURE_SCHEMA_VERSION)
    if emb is None or len(emb) != EMBEDDING_DIM or version != FEATURE_SCHEMA_VERSION:
        emb = stored_workload_features(_get(vector, "workload_characteristics") or {})
    return np.asarray(emb, dtype=np.float64), str(platform), float(seconds), bool(success)


def vector_cost(vector: Any) -> float:
    """The run's recorded ``cost_estimate_usd`` (NaN when it has none or it is not a number)."""
    value = _get(_get(vector, "execution_metrics") or {}, "cost_estimate_usd")
    try:
        cost = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return cost if math.isfinite(cost) and cost >= 0 else float("nan")


class DecisionAgent(StrandsAgent):
    """Chooses local, glue, emr_serverless, lambda or spark to minimise expected penalized
    runtime, or, under a cost objective, expected USD plus a deadline penalty.

    Args:
        store: a ``LearningVectorStore`` (or anything with ``count()`` and ``history()``);
            every run put in it is learned before the next decision. None: learn only
            from :meth:`observe`.
        platforms: the default constraint: None (every platform id), a list of ids, or a
            ``PlatformsConfig``; ``decide(..., platforms=...)`` may override it per call.
        random_state: seed for the exploration draws (same seed + same history = same picks).
        explore: how boldly to explore, 0..1: the pick is the fastest platform in one
            posterior draw whose spread is scaled by this (1 = Thompson sampling,
            0 or False = always the posterior-mean best, no exploration).
        max_explore_ratio: an exploratory pick may be expected to cost at most
            ``1 + max_explore_ratio / sqrt(1 + similar runs on it)`` times the best guess.
        n_samples: posterior draws per platform per decision (confidence resolution).
        objective: the default objective (``{"minimize": "cost", "deadline_seconds": ...}``,
            an :class:`~strands_airflow.core.objective.Objective`, or None for runtime);
            ``decide(..., objective=...)`` may override it per call.
        prices: price table for the cost model (the shape of
            ``strands_airflow.execution.pricing.get_prices()``; default: the list prices).
        cost_explore_ratio: under a cost objective an exploratory pick is never expected
            to cost more than this many times the best guess.
        settings: learner knobs (forgetting, priors, drift detection).
        learned_state: start from the learned state stored next to the snapshot and fold
            only the runs newer than it (constant time whatever the store's size); None
            (default): whenever the store keeps one (a ``LearningVectorStore``). False:
            fit on the store's whole ``history()`` (the earlier behaviour).
        bedrock_model: model id for an optional natural-language rationale; defaults to
            ``STRANDS_BEDROCK_MODEL``. Never changes the choice; errors are ignored.
    """

    def __init__(
        self,
        store: Any = None,
        platforms: Any = None,
        *,
        random_state: int | np.random.Generator | None = None,
        agent_name: str = "decision_agent",
        bus: Any = None,
        explore: float = 0.5,
        max_explore_ratio: float = 2.0,
        n_samples: int = 512,
        settings: LearnerSettings | None = None,
        bedrock_model: str | None = None,
        aws_conn_id: str = "aws_default",
        bedrock: BedrockSettings | None = None,
        cycle_interval: float = 60.0,
        objective: Any = None,
        prices: dict[str, Any] | None = None,
        cost_explore_ratio: float = 3.0,
        learned_state: bool | None = None,
    ) -> None:
        super().__init__(agent_name, "decision", bus, cycle_interval=cycle_interval)
        self.store = store
        self.platforms: PlatformChoice = resolve_platforms(platforms)
        self.rng = np.random.default_rng(random_state)
        self.explore = explore
        self.max_explore_ratio = max_explore_ratio
        self.n_samples = int(n_samples)
        self.learner = PlatformLearner(settings)
        self.objective = Objective.parse(objective)
        self.costs = CostLearner(prices)
        self.cost_explore_ratio = float(cost_explore_ratio)
        for platform, conf in self.platforms.settings.items():
            self.costs.set_platform_settings(platform, conf)
        self.aws_conn_id = aws_conn_id
        # read lazily: constructing an agent reads no settings and connects to nothing
        self._bedrock = bedrock.with_model(bedrock_model) if bedrock is not None else None
        self._bedrock_model = bedrock_model
        self._follower: StoreFollower | None = None
        self._learned_state = learned_state
        self._state: StateFollower | None = None
        self._lock = threading.RLock()

    # -- learning ---------------------------------------------------------------------
    def observe(self, vector: Any) -> bool:
        """Learn one finished run (a ``LearningVector`` or its dict) not kept in the store.

        Returns False when the vector carries no run (no platform or time). With a store,
        put the vector in the store instead: the agent reads it before its next decision.
        """
        run = vector_to_run(vector)
        if run is None:
            return False
        emb, platform, seconds, ok = run
        with self._lock:
            self.learner.observe(emb[None, :], [platform], np.array([seconds]), np.array([ok]))
            self.costs.observe(
                emb[None, :], [platform], np.array([seconds]), np.array([vector_cost(vector)])
            )
        return True

    def observe_history(self, history: Any) -> int:
        """Learn a batch of runs given as the store's ``history()`` arrays (oldest first).

        An optional ``cost_estimate_usd`` array (NaN = not recorded) teaches the cost model.
        """
        emb = np.asarray(_get(history, "embedding"))
        platform = np.asarray(_get(history, "platform"))
        seconds = np.asarray(_get(history, "execution_time_seconds"))
        with self._lock:
            self.learner.observe(emb, platform, seconds, np.asarray(_get(history, "success")))
            cost = _get(history, "cost_estimate_usd")
            if cost is not None:
                self.costs.observe(emb, platform, seconds, np.asarray(cost, dtype=np.float64))
        return len(emb)

    @one_blas_thread()
    def refresh(self, *, reload_store: bool = False) -> int:
        """Learn the runs added to the store since the last refresh; returns how many.

        Runs written by this process are seen at once. ``reload_store`` first asks the
        store to look for objects other processes wrote (a listing; done on
        LEARNING_UPDATE and in the autonomous cycle, not on every decision).
        """
        if self.store is None:
            return 0
        with self._lock:
            if self.uses_learned_state:
                return self._refresh_from_state()
            if reload_store and hasattr(self.store, "refresh"):
                self.store.refresh()
            if self._follower is None:
                self._follower = StoreFollower(self.store)
            runs = self._follower.new_runs()
            return 0 if runs is None else self.observe_history(runs)

    @property
    def uses_learned_state(self) -> bool:
        """Whether this agent starts from the store's learned state (see ``learned_state``)."""
        if self._learned_state is not None:
            return bool(self._learned_state) and self.store is not None
        return hasattr(self.store, "tail_vectors") and hasattr(self.store, "manifest")

    def _refresh_from_state(self) -> int:
        """Start from the stored state (first call, or after many tail runs), then fold the
        tail runs not seen yet. Every call lists the tail: other processes' runs count."""
        learned = 0
        if self._state is None or self._state.needs_restart():
            self._state = StateFollower(self.store, self.learner.settings)
            model = self._state.start()
            self.learner = model.learner
            if not self.platforms.settings and self.costs.prices == CostLearner().prices:
                # The stored corrections are relative to the list prices with default
                # settings: an agent with its own prices learns them from the tail only.
                self.costs._corr = model.costs._corr
            learned = model.learner.n_observed
        runs = self._state.new_runs()
        return learned + (0 if runs is None else self.observe_history(runs))

    # -- deciding ---------------------------------------------------------------------
    @one_blas_thread()
    def decide(
        self,
        workload: dict[str, Any] | Workload | None,
        platforms: Any = None,
        objective: Any = None,
        *,
        rng: np.random.Generator | None = None,
    ) -> Decision:
        """Choose a platform for ``workload`` (levels and/or numbers).

        ``objective``: None (the agent's default, runtime unless set), ``{"minimize":
        "runtime"}``, or ``{"minimize": "cost", "deadline_seconds": D,
        "deadline_penalty_usd": P}`` (or an :class:`~strands_airflow.core.objective.Objective`).
        ``rng``: draw this decision's exploration from it instead of the agent's own
        generator (the decision service passes one seeded like the asking task's agent).

        Raises :class:`~strands_airflow.exceptions.DecisionInputError` naming the field for
        an invalid workload, platform list or objective.
        """
        wl = Workload.parse(workload)
        choice = self.platforms if platforms is None else resolve_platforms(platforms)
        goal = self.objective if objective is None else Objective.parse(objective)
        emb = workload_features(wl).astype(np.float64)
        self.refresh()
        draws = self.rng if rng is None else rng
        with self._lock:
            if goal.is_cost:
                decision = score_cost(
                    self.learner,
                    self.costs,
                    emb,
                    choice,
                    draws,
                    goal,
                    n_samples=self.n_samples,
                    explore=self.explore,
                    max_explore_ratio=self.max_explore_ratio,
                    cost_explore_ratio=self.cost_explore_ratio,
                    workload=wl.as_payload(),
                )
            else:
                decision = score(
                    self.learner,
                    emb,
                    choice,
                    draws,
                    n_samples=self.n_samples,
                    explore=self.explore,
                    max_explore_ratio=self.max_explore_ratio,
                    workload=wl.as_payload(),
                )
        if self.bedrock.enabled:
            extra = self._bedrock_rationale(decision)
            if extra:
                decision.reasoning += "\nBedrock: " + extra
        return decision

    @property
    def bedrock(self) -> BedrockSettings:
        """Bedrock settings for the optional rationale (``[strands] bedrock_model``)."""
        if self._bedrock is None:
            self._bedrock = BedrockSettings.configured(
                model_id=self._bedrock_model, aws_conn_id=self.aws_conn_id
            )
        return self._bedrock

    @property
    def bedrock_model(self) -> str:
        """The Bedrock model id in use ('' = none)."""
        return self.bedrock.model_id

    def _bedrock_rationale(self, decision: Decision) -> str | None:
        """A short plain-English rationale from Bedrock; None on any error."""
        from strands_airflow.core.bedrock import converse

        prompt = (
            "In two sentences, explain this ETL platform choice to a data engineer. "
            "Do not change it.\n" + decision.reasoning
        )
        try:
            return converse(self.bedrock, prompt, max_tokens=200) or None
        except Exception as exc:  # noqa: BLE001 - the rationale is optional by design
            log.info("Bedrock rationale skipped: %s", exc)
            return None

    # -- the bus ----------------------------------------------------------------------
    def _get_subscribed_message_types(self) -> list[MessageType]:
        return [
            MessageType.DECISION_REQUEST,
            MessageType.LEARNING_UPDATE,
            MessageType.AGENT_REQUEST,
        ]

    async def on_start(self) -> None:
        """Learn the store's history before the first request."""
        self.refresh()

    async def autonomous_cycle(self) -> None:
        """Pick up runs other processes wrote without a LEARNING_UPDATE reaching us."""
        self.refresh(reload_store=True)

    async def process_message(self, message: Message) -> dict[str, Any] | None:
        """DECISION_REQUEST (or the seed's AGENT_REQUEST ``platform_decision``) -> DECISION_MADE."""
        mtype = message.message_type
        if mtype == MessageType.LEARNING_UPDATE:
            if self.store is not None:
                self.refresh(reload_store=True)
            elif isinstance(message.payload.get("vector"), dict):
                self.observe(message.payload["vector"])
            return None
        if (
            mtype == MessageType.AGENT_REQUEST
            and message.payload.get("request_type") != "platform_decision"
        ):
            return None
        if mtype not in (MessageType.DECISION_REQUEST, MessageType.AGENT_REQUEST):
            return None
        payload: dict[str, Any] = {"in_reply_to": message.id}
        try:
            decision = self.decide(
                message.payload.get("workload") or {},
                message.payload.get("platforms"),
                message.payload.get("objective"),
            )
            payload.update(status="ok", **decision.model_dump(mode="json"))
        except StrandsError as exc:
            # Bad input is answered, not retried: redelivery would fail the same way.
            payload.update(status="error", error=str(exc), error_type=type(exc).__name__)
        await self.send_message(
            MessageType.DECISION_MADE,
            payload,
            target=message.sender,
            correlation_id=message.correlation_id,
            priority=message.priority,
        )
        return payload


#: The seed's name.
StrandsDecisionAgent = DecisionAgent

__all__ = [
    "DecisionAgent",
    "DecisionInputError",
    "StrandsDecisionAgent",
    "vector_cost",
    "vector_to_run",
]
