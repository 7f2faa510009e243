"""Custom OpenLineage run facets of the Strands operators (imported only when the
OpenLineage provider is installed; see `strands_airflow.operators.lineage`)."""

from __future__ import annotations

import attr
from openlineage.client.generated.base import RunFacet

#: where our custom facets are described (OpenLineage wants a schema URL per facet)
FACET_DOCS = "https://github.com/strands-airflow/strands-airflow/blob/main/docs/lineage.md"


@attr.define
class StrandsExecutionRunFacet(RunFacet):
    """Where and how the job ran."""

    platform: str
    externalId: str | None = attr.field(default=None)  # noqa: N815
    costEstimateUsd: float | None = attr.field(default=None)  # noqa: N815
    rowsWritten: int | None = attr.field(default=None)  # noqa: N815
    executionTimeSeconds: float | None = attr.field(default=None)  # noqa: N815

    @staticmethod
    def _get_schema() -> str:
        return f"{FACET_DOCS}#strands_execution"


@attr.define
class StrandsDecisionRunFacet(RunFacet):
    """The platform the Decision agent chose and how sure it was."""

    chosenPlatform: str  # noqa: N815
    confidence: float
    coldStart: bool = attr.field(default=False)  # noqa: N815

    @staticmethod
    def _get_schema() -> str:
        return f"{FACET_DOCS}#strands_decision"


@attr.define
class StrandsLearningRunFacet(RunFacet):
    """The learning vector the run was stored as."""

    vectorId: str  # noqa: N815
    platform: str | None = attr.field(default=None)

    @staticmethod
    def _get_schema() -> str:
        return f"{FACET_DOCS}#strands_learning"
