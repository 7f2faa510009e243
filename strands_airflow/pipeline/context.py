"""One run's context: its connections and shared services, built once.

Every agent and runner of a run gets what it needs from here: the AWS connection id
(runners, the S3 store, Bedrock), the learning-vector store, the price list and the
Bedrock settings. The Airflow operators build it from their arguments
(``aws_conn_id=``, ``store_url=``, ``pricing_variable=``...), the coordinator from its
own; then both run the same steps (:mod:`strands_airflow.pipeline.steps`).

Example::

    ctx = RunContext(aws_conn_id="aws_prod", store_url="s3://bucket/strands")
    run = PipelineRun(config=load_pipeline_config("orders.json"), dag_id="d", run_id="r", context=ctx)
    decision = steps.decide(run)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from strands_airflow.core.bedrock import BedrockSettings

if TYPE_CHECKING:
    from strands_airflow.agents.decision import DecisionAgent
    from strands_airflow.agents.learning import LearningAgent
    from strands_airflow.agents.optimization import OptimizationAgent
    from strands_airflow.agents.quality.agent import QualityAgent
    from strands_airflow.core.objective import Objective
    from strands_airflow.execution.base import Runner
    from strands_airflow.pipeline.config import PipelineConfig
    from strands_airflow.vectors.store import LearningVectorStore


@dataclass
class RunContext:
    """Connections and services shared by every agent and runner of one run.

    :param aws_conn_id: Airflow AWS connection for runners, the S3 store and Bedrock.
    :param store_url: learning-vector store (None: the configured one).
    :param prices: price overrides (None: `pricing_variable`, else the shipped list).
    :param pricing_variable: Airflow Variable holding price overrides.
    :param bedrock_model: Bedrock model id (None: ``[strands] bedrock_model``; "" disables).
    :param poll_interval: seconds between status checks of a remote run.
    :param random_state: seed of the Decision agent's exploration (reproducible runs).
    """

    aws_conn_id: str = "aws_default"
    store_url: str | None = None
    prices: dict[str, Any] | None = None
    pricing_variable: str | None = None
    bedrock_model: str | None = None
    poll_interval: float = 10.0
    random_state: int | None = None
    _store: Any = field(default=None, repr=False)

    @cached_property
    def store(self) -> LearningVectorStore:
        """The run's learning-vector store (opened once)."""
        if self._store is not None:
            return self._store
        from strands_airflow.vectors.store import LearningVectorStore

        return LearningVectorStore(self.store_url, aws_conn_id=self.aws_conn_id)

    @cached_property
    def price_list(self) -> dict[str, Any]:
        """The prices runners and the optimizer use (read once per run)."""
        if self.prices is not None:
            return self.prices
        from strands_airflow.execution.pricing import get_prices

        return get_prices(variable_key=self.pricing_variable)

    @cached_property
    def bedrock(self) -> BedrockSettings:
        """Bedrock model, connection and region for every agent of this run."""
        return BedrockSettings.configured(model_id=self.bedrock_model, aws_conn_id=self.aws_conn_id)

    # -- the agents and runners of this run ----------------------------------------------
    def runner(self, platform: str) -> Runner:
        """The runner for `platform`, with this run's connection and prices."""
        from strands_airflow.execution import get_runner

        return get_runner(
            platform,
            aws_conn_id=self.aws_conn_id,
            prices=self.price_list,
            poll_interval=self.poll_interval,
        )

    def decision_agent(self, platforms: Any = None) -> DecisionAgent:
        """A Decision agent learning from this run's store (no bus: the caller emits)."""
        from strands_airflow.agents.decision import DecisionAgent

        return DecisionAgent(
            store=self.store,
            platforms=platforms,
            random_state=self.random_state,
            bedrock=self.bedrock,
            prices=self.price_list,
        )

    def quality_agent(self) -> QualityAgent:
        """A Quality agent (no bus: the caller emits)."""
        from strands_airflow.agents.quality.agent import QualityAgent

        return QualityAgent()

    def optimization_agent(self) -> OptimizationAgent:
        """An Optimization agent reading this run's store and prices."""
        from strands_airflow.agents.optimization import OptimizationAgent

        return OptimizationAgent(store=self.store, prices=self.price_list)

    def learning_agent(self) -> LearningAgent:
        """A Learning agent writing to this run's store, with this run's Bedrock settings."""
        from strands_airflow.agents.learning import LearningAgent

        return LearningAgent(store=self.store, bedrock=self.bedrock)


@dataclass
class PipelineRun:
    """One run of a pipeline: its config, its ids and its context.

    A run without a config is a standalone run (an operator given only a workload, or
    only SQL and checks): `name` and `workload` then describe it, and a step that needs
    the config (execution) says so.
    """

    config: PipelineConfig | None
    dag_id: str
    run_id: str
    context: RunContext = field(default_factory=RunContext)
    name: str = ""
    workload: dict[str, Any] | None = None
    #: the decision objective of a standalone run (a config's own `objective` otherwise)
    standalone_objective: Objective | None = None

    @property
    def correlation_id(self) -> str:
        """`dag_id/run_id`: ties every message and stored object of this run together."""
        return f"{self.dag_id}/{self.run_id}"

    @property
    def store(self) -> LearningVectorStore:
        """The run's learning-vector store."""
        return self.context.store

    @property
    def pipeline_name(self) -> str:
        """The config's name, else the standalone run's name, else the dag id."""
        return (self.config.name if self.config else "") or self.name or self.dag_id

    @property
    def workload_spec(self) -> dict[str, Any]:
        """The workload: an explicit one, else the config's, else empty."""
        if self.workload is not None:
            return dict(self.workload)
        return dict(self.config.workload) if self.config else {}

    @property
    def objective(self) -> Objective | None:
        """What the decision minimises: the config's `objective`, else the standalone one."""
        if self.config is not None and self.config.objective is not None:
            return self.config.objective
        return self.standalone_objective

    def require_config(self, step: str) -> PipelineConfig:
        """The config, or a StrandsConfigError naming the step that needs one."""
        if self.config is None:
            from strands_airflow.exceptions import StrandsConfigError

            raise StrandsConfigError(f"{step}: needs a pipeline config (config_path)")
        return self.config
