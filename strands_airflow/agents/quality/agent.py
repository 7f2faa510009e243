"""`QualityAgent` (the seed's `StrandsQualityAgent`): code findings and data checks in one report.

Plain Python + asyncio; constructing it connects to nothing. Its methods are synchronous
and usable without a bus::

    agent = QualityAgent()
    checks = agent.parse_request("order_id is unique; no negative quantities")
    report = agent.run_checks(checks, "/data/orders.parquet")

On the bus it answers the seed's QUALITY_CHECK message (``payload = {"check_type": "sql" |
"pyspark" | "natural_language" | "checks", "input": ..., "target": ..., "conn_id": ...}``)
with an AGENT_RESPONSE to the sender carrying the report (``payload["report"]``).

A bus request reads only targets on the operator's allow-list (``[strands]
quality_bus_targets``, empty by default: none), and its answer carries counts and
pass/fail, never sample rows (see `checks.access`). The handler never dies from a crash
of a native parser: every error is answered to the sender.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from strands_airflow.agents.base import StrandsAgent
from strands_airflow.agents.quality.models import (
    Check,
    CodeReport,
    Finding,
    QualityReport,
    SqlReport,
)
from strands_airflow.bus.message import Message, MessageType
from strands_airflow.exceptions import QualityRequestError, StrandsError

log = logging.getLogger(__name__)

#: how much one finding of each severity takes off a code-only report's score
SEVERITY_PENALTY = {"error": 0.25, "warning": 0.1, "info": 0.02}
CHECK_TYPES = ("sql", "pyspark", "code", "natural_language", "checks", "data")


def findings_score(findings: list[Finding]) -> float:
    """Score of a report with findings and no data checks: 1 minus a penalty per finding."""
    return max(0.0, 1.0 - sum(SEVERITY_PENALTY.get(f.severity, 0.1) for f in findings))


class QualityAgent(StrandsAgent):
    """Analyses SQL / PySpark, turns plain English into checks, and runs checks on data."""

    def __init__(self, bus: Any = None, *, cycle_interval: float = 60.0) -> None:
        super().__init__("quality_agent", "quality", bus, cycle_interval=cycle_interval)

    # -- the work (synchronous, no bus needed) ------------------------------------------
    def analyze_sql(self, sql: str, dialect: str = "ansi", **kwargs: Any) -> SqlReport:
        """Find SQL anti-patterns (see `strands_airflow.agents.quality.sql.analyzer.analyze_sql`)."""
        from strands_airflow.agents.quality.sql.analyzer import analyze_sql

        return analyze_sql(sql, dialect, **kwargs)

    def analyze_pyspark(self, code: str, **kwargs: Any) -> CodeReport:
        """Find PySpark anti-patterns (see `...quality.pyspark.analyzer.analyze_pyspark`)."""
        from strands_airflow.agents.quality.pyspark.analyzer import analyze_pyspark

        return analyze_pyspark(code, **kwargs)

    def parse_request(self, text: str, columns: list[str] | None = None) -> list[Check]:
        """Plain English -> checks (rules, or Bedrock when configured); see `nl.parse_request`."""
        from strands_airflow.agents.quality.nl import parse_request

        return parse_request(text, columns)

    def run_checks(
        self,
        checks: Sequence[Check | dict[str, Any]],
        target: Any,
        conn_id: str | None = None,
        findings: Sequence[Finding] | None = None,
        *,
        expose_data: bool = True,
    ) -> QualityReport:
        """Run checks on `target` (see `checks.run_checks`); `findings` join the same report."""
        from strands_airflow.agents.quality.checks import run_checks

        report = run_checks(checks, target, conn_id, expose_data=expose_data)
        if findings:
            report.findings = list(findings)
        return report

    def target_columns(self, target: Any, conn_id: str | None = None) -> list[str]:
        """The columns of `target` (so requests resolve "email" to ``email_address``)."""
        from strands_airflow.agents.quality.checks.targets import open_target

        engine = open_target(target, conn_id)
        try:
            return engine.columns()
        finally:
            engine.close()

    def assess(
        self,
        *,
        nl_request: str | Sequence[str] | None = None,
        checks: Sequence[Check | dict[str, Any]] | None = None,
        target: Any = None,
        conn_id: str | None = None,
        sql: str | None = None,
        dialect: str = "ansi",
        pyspark: str | None = None,
        findings: Sequence[Finding | dict[str, Any]] | None = None,
        natural_language: str | Sequence[str] | None = None,
        strict: bool = True,
    ) -> QualityReport:
        """Everything at once: code findings plus parsed and given checks run on `target`.

        `target` is a target string (see `checks.targets`) or a dict / model with ``uri``,
        ``format`` and ``table`` (the pipeline config's target). `nl_request` (alias
        `natural_language`) is one request or a list of them (`strict=False`: sentences
        that cannot be read are left out and listed in the report's `ignored`; the report's
        `read_as` says back what each request was understood as); `findings` are findings
        already found (dicts or models). `overall_score` is the weighted share of checks
        passed; with no checks to run it comes from the findings alone (see
        `findings_score`). With no `target`, requested checks are parsed but not run.
        """
        found: list[Finding] = [
            f if isinstance(f, Finding) else Finding.model_validate(f) for f in findings or []
        ]
        if sql:
            found += self.analyze_sql(sql, dialect).findings
        if pyspark:
            found += self.analyze_pyspark(pyspark).findings
        all_checks: list[Check | dict[str, Any]] = list(checks or [])
        requests = nl_request if nl_request is not None else natural_language
        if isinstance(requests, str):
            requests = [requests]
        requests = [r for r in requests or [] if r and r.strip()]
        read_as: list[list[str]] = []
        ignored: list[str] = []
        if requests:
            from strands_airflow.agents.quality.nl import parse_request_detailed

            columns = self.target_columns(target, conn_id) if target else None
            for text in requests:
                parsed = parse_request_detailed(text, columns, strict=strict)
                all_checks += parsed.checks
                read_as.append(parsed.read_as())  # say back what each request was read as
                ignored += parsed.ignored
        if target and all_checks:
            report = self.run_checks(all_checks, target, conn_id, found)
        else:
            report = QualityReport(
                target=_target_text(target), overall_score=findings_score(found), findings=found
            )
        report.read_as, report.ignored = read_as, ignored
        return report

    # -- the bus ----------------------------------------------------------------------------
    def _get_subscribed_message_types(self) -> list[MessageType]:
        return [MessageType.QUALITY_CHECK]

    def _handle_quality_check(self, payload: dict[str, Any]) -> dict[str, Any]:
        from strands_airflow.agents.quality.checks.access import check_bus_access

        check_type = payload.get("check_type", "sql")
        data = payload.get("input")
        target, conn_id = payload.get("target"), payload.get("conn_id")
        out: dict[str, Any] = {"check_type": check_type}
        if check_type == "sql":
            report = self.assess(sql=_text(data, "sql"), dialect=payload.get("dialect", "ansi"))
        elif check_type in ("pyspark", "code"):
            report = self.assess(pyspark=_text(data, "pyspark"))
        elif check_type == "natural_language":
            text = _text(data, "natural_language")
            if target:  # even the column names are the target's content
                check_bus_access(target, conn_id)
            columns = payload.get("columns") or (
                self.target_columns(target, conn_id) if target else None
            )
            from strands_airflow.agents.quality.nl import parse_request_detailed

            parsed = parse_request_detailed(text, columns, strict=bool(payload.get("strict", True)))
            checks = parsed.checks
            out["checks"] = [c.model_dump(mode="json") for c in checks]
            if target:
                check_bus_access(target, conn_id, checks)
                report = self.run_checks(checks, target, conn_id, expose_data=False)
            else:
                report = QualityReport(target=None)
            report.read_as, report.ignored = [parsed.read_as()], list(parsed.ignored)
        elif check_type in ("checks", "data"):
            if not target:
                raise QualityRequestError("check_type 'checks' needs a 'target' in the payload")
            checks = list(data or payload.get("checks") or [])
            check_bus_access(target, conn_id, checks)
            report = self.run_checks(checks, target, conn_id, expose_data=False)
        else:
            raise QualityRequestError(
                f"unknown check_type {check_type!r}; accepted: {', '.join(CHECK_TYPES)}"
            )
        for result in report.results:  # counts and pass/fail only, whatever ran
            result.sample_failures = []
        out["report"] = report.model_dump(mode="json")
        out["overall_score"] = report.overall_score
        return out

    async def process_message(self, message: Message) -> dict[str, Any] | None:
        """QUALITY_CHECK -> AGENT_RESPONSE to the sender with the report (or the error)."""
        if message.message_type != MessageType.QUALITY_CHECK:
            return None
        payload: dict[str, Any] = {
            "in_reply_to": message.id,
            "check_type": message.payload.get("check_type", "sql"),
        }
        try:
            # sqlfluff, DuckDB and database drivers block: keep the event loop free
            result = await asyncio.to_thread(self._handle_quality_check, dict(message.payload))
            payload.update(status="ok", **result)
        except StrandsError as exc:
            # bad input is answered, not retried: redelivery would fail the same way
            payload.update(status="error", error=str(exc), error_type=type(exc).__name__)
        except (KeyboardInterrupt, SystemExit, GeneratorExit, asyncio.CancelledError):
            raise
        except Exception:
            raise  # the base class logs it and the bus redelivers (a database may be back)
        except BaseException as exc:  # noqa: BLE001 - e.g. pyo3's PanicException from Rust
            # Not an Exception, so nothing above the agent would catch it: left alone it
            # would end the bus consumer for good. Answer it like bad input.
            log.error("quality check crashed in native code: %s: %s", type(exc).__name__, exc)
            payload.update(
                status="error",
                error=f"the analysis crashed in native code ({type(exc).__name__}): {exc}",
                error_type="AnalysisError",
            )
        await self.send_message(
            MessageType.AGENT_RESPONSE,
            payload,
            target=message.sender,
            correlation_id=message.correlation_id,
            priority=message.priority,
        )
        return payload


def _target_text(target: Any) -> str | None:
    if target is None or isinstance(target, str):
        return target
    from strands_airflow.agents.quality.checks.targets import normalize_target

    return normalize_target(target)[0]


def _text(value: Any, check_type: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QualityRequestError(
            f"check_type {check_type!r} needs the text to check in payload 'input'"
        )
    return value


#: The seed's name.
StrandsQualityAgent = QualityAgent

__all__ = ["QualityAgent", "StrandsQualityAgent", "findings_score"]
