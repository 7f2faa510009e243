"""OpenLineage facets of the Strands operators (``apache-airflow-providers-openlineage``).

`OpenLineageMixin` gives every pipeline operator ``get_openlineage_facets_on_start`` and
``get_openlineage_facets_on_complete``; the OpenLineage provider's listener calls them
(nothing happens when the provider is not installed or not configured). The facets:

- **execution**: inputs = the config's sources, output = its target; the SQL job facet
  (``sql``) for a SQL transform; run facets ``externalQuery`` (the platform's run id) and
  ``strands_execution`` (platform, external id, cost estimate, rows, runtime);
- **quality**: the checked target as an input dataset with ``dataQualityAssertions`` (one
  assertion per check: assertion, success, column) and ``dataQualityMetrics`` (row count,
  null counts of the columns a not_null check covers). The assertions facet is an
  *input* dataset facet in the OpenLineage spec: the quality task reads the target;
- **decision**: run facet ``strands_decision`` (chosen platform, confidence);
- **learning**: run facet ``strands_learning`` (vector id, platform).

Dataset names follow the OpenLineage naming spec: a local file is namespace ``file``,
name its absolute path; S3 is namespace ``s3://<bucket>``, name the key. A DuckDB table is
namespace ``file``, name ``<database file>/<table>``.

Lineage never fails a task: a facet that cannot be built is logged and left out.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def dataset_name(location: Any, *, base_dir: str | None = None) -> tuple[str, str]:
    """(namespace, name) of a `DataLocation` per the OpenLineage naming spec."""
    uri = str(location.uri)
    if uri.startswith(("s3://", "s3a://", "s3n://")):
        bucket, _, key = uri.split("://", 1)[1].partition("/")
        return f"s3://{bucket}", key.rstrip("/") or "/"
    if "://" in uri and not uri.startswith("file://"):
        scheme, _, rest = uri.partition("://")
        host, _, key = rest.partition("/")
        return f"{scheme}://{host}", key or "/"
    path = Path(uri.removeprefix("file://"))
    if not path.is_absolute() and base_dir:
        path = Path(base_dir) / path
    name = str(path.resolve())
    if getattr(location, "format", None) == "duckdb" and location.table:
        name = f"{name}/{location.table}"
    return "file", name


def _datasets(config: Any) -> tuple[list[Any], Any]:
    from openlineage.client.event_v2 import InputDataset, OutputDataset

    base = getattr(config, "base_dir", None)
    inputs = [
        InputDataset(*dataset_name(loc, base_dir=base)) for _, loc in sorted(config.sources.items())
    ]
    return inputs, OutputDataset(*dataset_name(config.target, base_dir=base))


class OpenLineageMixin:
    """OpenLineage methods for `StrandsPipelineOperator` subclasses (see module docstring)."""

    config_path: str | None
    aws_conn_id: str
    task_id: str

    def _ol_config(self) -> Any:
        from strands_airflow.pipeline.config import load_pipeline_config

        if not self.config_path or "{{" in self.config_path:
            return None
        return load_pipeline_config(self.config_path, aws_conn_id=self.aws_conn_id)

    def get_openlineage_facets_on_start(self) -> Any:
        """Datasets known before the run: the config's sources and target, the SQL."""
        return self._ol_lineage(None)

    def get_openlineage_facets_on_complete(self, task_instance: Any) -> Any:
        """Datasets plus what the run produced (its XCom)."""
        result = None
        try:
            result = task_instance.xcom_pull(task_ids=task_instance.task_id)
        except Exception as exc:  # noqa: BLE001 - lineage never fails the task
            log.info("OpenLineage: no XCom of %s (%s)", self.task_id, exc)
        return self._ol_lineage(result if isinstance(result, dict) else None)

    def _ol_lineage(self, result: dict[str, Any] | None) -> Any:
        from airflow.providers.openlineage.extractors import OperatorLineage

        kind = type(self).__name__.removeprefix("Strands").removesuffix("Operator").lower()
        try:
            builder = _BUILDERS.get(kind)
            return builder(self, result) if builder else OperatorLineage()
        except Exception:  # noqa: BLE001 - lineage never fails the task
            log.warning("OpenLineage facets of %s left out", self.task_id, exc_info=True)
            return OperatorLineage()


def _execution(op: Any, result: dict[str, Any] | None) -> Any:
    from airflow.providers.openlineage.extractors import OperatorLineage
    from openlineage.client.facet_v2 import external_query_run, sql_job

    config = op._ol_config()
    if config is None:
        return OperatorLineage()
    inputs, output = _datasets(config)
    job_facets: dict[str, Any] = {}
    sql = config.transform.sql_text(Path(config.base_dir) if config.base_dir else None)
    if sql:
        job_facets["sql"] = sql_job.SQLJobFacet(query=sql)
    run_facets: dict[str, Any] = {}
    if result:
        ext = result.get("external_id")
        if ext:
            run_facets["externalQuery"] = external_query_run.ExternalQueryRunFacet(
                externalQueryId=str(ext), source=str(result.get("platform"))
            )
        from strands_airflow.operators.lineage_facets import StrandsExecutionRunFacet

        run_facets["strands_execution"] = StrandsExecutionRunFacet(
            platform=str(result.get("platform")),
            externalId=ext,
            costEstimateUsd=result.get("cost_estimate_usd"),
            rowsWritten=result.get("rows_out"),
            executionTimeSeconds=result.get("execution_time_seconds"),
        )
    return OperatorLineage(
        inputs=inputs, outputs=[output], job_facets=job_facets, run_facets=run_facets
    )


def _quality(op: Any, result: dict[str, Any] | None) -> Any:
    from airflow.providers.openlineage.extractors import OperatorLineage
    from openlineage.client.event_v2 import InputDataset
    from openlineage.client.facet_v2 import (
        data_quality_assertions_dataset as dqa,
    )
    from openlineage.client.facet_v2 import (
        data_quality_metrics_input_dataset as dqm,
    )

    config = op._ol_config()
    if config is None:
        return OperatorLineage()
    namespace, name = dataset_name(config.target, base_dir=config.base_dir)
    if not result:
        return OperatorLineage(inputs=[InputDataset(namespace, name)])
    assertions, nulls, rows = [], {}, None
    for r in result.get("results") or []:
        check = r.get("check") or {}
        columns = check.get("columns") or [None]
        for column in columns:
            assertions.append(
                dqa.Assertion(
                    assertion=str(check.get("kind")),
                    success=bool(r.get("passed")),
                    column=column,
                    description=check.get("description") or None,
                    actual=None if r.get("observed") is None else str(r.get("observed")),
                )
            )
        if isinstance(r.get("total_rows"), int) and r["total_rows"]:
            rows = max(rows or 0, r["total_rows"])
        if check.get("kind") == "not_null":
            for column in check.get("columns") or []:
                nulls[column] = int(r.get("failing_rows") or 0)
    facets = {
        "dataQualityAssertions": dqa.DataQualityAssertionsDatasetFacet(assertions=assertions),
        "dataQualityMetrics": dqm.DataQualityMetricsInputDatasetFacet(
            columnMetrics={c: dqm.ColumnMetrics(nullCount=n) for c, n in nulls.items()},
            rowCount=rows,
        ),
    }
    return OperatorLineage(inputs=[InputDataset(namespace, name, inputFacets=facets)])


def _decision(op: Any, result: dict[str, Any] | None) -> Any:
    from airflow.providers.openlineage.extractors import OperatorLineage

    from strands_airflow.operators.lineage_facets import StrandsDecisionRunFacet

    if not result or not result.get("selected_platform"):
        return OperatorLineage()
    return OperatorLineage(
        run_facets={
            "strands_decision": StrandsDecisionRunFacet(
                chosenPlatform=str(result["selected_platform"]),
                confidence=float(result.get("confidence") or 0.0),
                coldStart=bool(result.get("cold_start")),
            )
        }
    )


def _learning(op: Any, result: dict[str, Any] | None) -> Any:
    from airflow.providers.openlineage.extractors import OperatorLineage

    from strands_airflow.operators.lineage_facets import StrandsLearningRunFacet

    if not result or not result.get("vector_id"):
        return OperatorLineage()
    platform = (result.get("execution_metrics") or {}).get("platform_used")
    return OperatorLineage(
        run_facets={
            "strands_learning": StrandsLearningRunFacet(
                vectorId=str(result["vector_id"]), platform=platform
            )
        }
    )


_BUILDERS = {
    "execution": _execution,
    "quality": _quality,
    "decision": _decision,
    "learning": _learning,
}
