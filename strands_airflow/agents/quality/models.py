"""Pydantic models shared by the Quality agent's analysers and data checks.

These are the boundary shapes: a `Finding` from SQL / PySpark analysis, the two code
reports, a data `Check` (parsed from plain English or given as a dict), a check's
`CheckResult`, and the `QualityReport` the quality operator returns as XCom.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Severity = Literal["info", "warning", "error"]


class Finding(BaseModel):
    """One anti-pattern found in SQL or PySpark code.

    `rule` is the rule code (e.g. ``ST01`` for SQL, ``PS01`` for PySpark), `pattern` the
    stable slug (``select_star``, ``collect_to_driver``, ``parse_error``...).
    """

    model_config = ConfigDict(extra="forbid")

    rule: str
    pattern: str
    line: int = Field(ge=0)
    column: int = Field(ge=0)
    message: str
    suggestion: str = ""
    severity: Severity = "warning"


class CodeReport(BaseModel):
    """Result of analysing one piece of code (SQL or PySpark)."""

    language: Literal["sql", "pyspark"]
    findings: list[Finding] = Field(default_factory=list)
    elapsed_ms: float = 0.0

    @property
    def patterns(self) -> set[str]:
        """The set of slugs found (handy in tests and summaries)."""
        return {f.pattern for f in self.findings}


class SqlReport(CodeReport):
    """Result of `QualityAgent.analyze_sql`: findings plus the dialect and statement count."""

    language: Literal["sql", "pyspark"] = "sql"
    dialect: str = "ansi"
    statements: int = 0


CheckKind = Literal[
    "not_null",
    "unique",
    "range",
    "accepted_values",
    "format",
    "freshness",
    "row_count",
    "referential",
    "custom_sql",
]
FormatName = Literal["email", "phone", "uuid", "url", "date", "regex"]


class Check(BaseModel):
    """A data check on a target table, as parsed from plain English or given as a dict.

    Example: ``Check(kind="range", columns=["quantity"], min=0)`` ("no negative quantities").
    `row_count` uses `min`/`max` as bounds on the number of rows; `freshness` uses
    `max_age_seconds` on the single timestamp column in `columns`.
    """

    model_config = ConfigDict(extra="forbid")

    kind: CheckKind
    columns: list[str] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    values: list[Any] | None = None
    format: FormatName | None = None
    pattern: str | None = None
    max_age_seconds: float | None = None
    ref_table: str | None = None
    ref_column: str | None = None
    condition: str | None = None
    weight: float = Field(default=1.0, gt=0)
    description: str = ""

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Check:
        k = self.kind
        need_cols = k not in ("row_count", "custom_sql")
        if need_cols and not self.columns:
            raise ValueError(f"check kind {k!r} needs at least one column in 'columns'")
        if k == "range" and self.min is None and self.max is None:
            raise ValueError("check kind 'range' needs 'min' and/or 'max'")
        if k == "accepted_values" and not self.values:
            raise ValueError("check kind 'accepted_values' needs a non-empty 'values' list")
        if k == "format":
            if self.format is None:
                raise ValueError(
                    "check kind 'format' needs 'format': one of email, phone, uuid, url, date, regex"
                )
            if self.format == "regex" and not self.pattern:
                raise ValueError("format 'regex' needs 'pattern'")
        if k == "freshness" and (self.max_age_seconds is None or self.max_age_seconds <= 0):
            raise ValueError("check kind 'freshness' needs a positive 'max_age_seconds'")
        if k == "referential" and not (self.ref_table and self.ref_column):
            raise ValueError("check kind 'referential' needs 'ref_table' and 'ref_column'")
        if k == "custom_sql" and not self.condition:
            raise ValueError("check kind 'custom_sql' needs 'condition' (one boolean expression)")
        return self

    def describe(self) -> str:
        """The check as one canonical English sentence that `parse_request` reads back.

        >>> Check(kind="range", columns=["quantity"], min=0).describe()
        'quantity must be at least 0'
        """
        cols = self.columns
        subject = " and ".join(cols)
        k = self.kind
        if k == "not_null":
            return f"{subject} must not be null"
        if k == "unique":
            if len(cols) > 1:
                return f"the combination of {subject} must be unique"
            return f"{subject} must be unique"
        if k == "range":
            if self.min is not None and self.max is not None:
                return f"{subject} must be between {_num(self.min)} and {_num(self.max)}"
            if self.min is not None:
                return f"{subject} must be at least {_num(self.min)}"
            return f"{subject} must be at most {_num(self.max)}"
        if k == "accepted_values":
            return f"{subject} must be one of {', '.join(_literal(v) for v in self.values or [])}"
        if k == "format":
            if self.format == "regex":
                return f"{subject} must match regex {_literal(self.pattern or '')}"
            return f"{subject} must be a valid {self.format}"
        if k == "freshness":
            n, unit = _duration(self.max_age_seconds or 0)
            return f"data must be no older than {n} {unit} based on {subject}"
        if k == "row_count":
            if self.min is not None and self.max is not None:
                return f"the table must have between {_num(self.min)} and {_num(self.max)} rows"
            if self.min is not None:
                return f"the table must have at least {_num(self.min)} rows"
            return f"the table must have at most {_num(self.max)} rows"
        if k == "referential":
            return f"every {subject} must exist in {self.ref_table}.{self.ref_column}"
        return f"custom sql: {self.condition}"


def _num(x: float | None) -> str:
    x = float(x or 0)
    return str(int(x)) if x.is_integer() else repr(x)


def _literal(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return _num(v)
    return "'" + str(v).replace("'", "''") + "'"


def _duration(seconds: float) -> tuple[str, str]:
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size and float(seconds / size).is_integer():
            n = _num(seconds / size)
            return n, unit[:-1] if n == "1" else unit
    return _num(seconds), "second" if _num(seconds) == "1" else "seconds"


class CheckResult(BaseModel):
    """Outcome of one check: pass/fail, how many rows failed, and a few of them."""

    check: Check
    passed: bool
    failing_rows: int = 0
    total_rows: int = 0
    sample_failures: list[dict[str, Any]] = Field(default_factory=list)
    observed: Any = None
    message: str = ""
    elapsed_ms: float = 0.0  # own queries plus an even share of the one shared scan


class QualityReport(BaseModel):
    """What the Quality agent reports for a run: data checks and code findings together."""

    target: str | None = None
    overall_score: float = Field(default=1.0, ge=0.0, le=1.0)
    results: list[CheckResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    elapsed_seconds: float = 0.0
    queries: int = 0  # SQL statements run on the target (the shared scan counts once)
    #: per plain-English request, how it was understood: "read as: <check>" lines, plus
    #: "ignored: ..." (strict=False) and "context: ..." lines
    read_as: list[list[str]] = Field(default_factory=list)
    #: request fragments that were left out (parsed with strict=False), with the reason
    ignored: list[str] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    run_id: str | None = Field(default=None, description="dag_id/run_id of the pipeline run")
    min_score: float | None = Field(default=None, ge=0.0, le=1.0)

    @property
    def failed_checks(self) -> list[CheckResult]:
        """The results that did not pass."""
        return [r for r in self.results if not r.passed]
