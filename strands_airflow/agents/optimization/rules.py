"""The recommendation rules: regressions, platform / cost moves, configuration, code and data fixes.

Each function takes the parsed current run and the baselines, and returns
`Recommendation`s with `priority` left at 1 (the agent ranks them afterwards). Every
figure in an `evidence` comes from the history, the current run or the quality report;
nothing is filled in when it is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strands_airflow.agents.optimization.fixes import Fix, check_action, fix_for
from strands_airflow.agents.optimization.model import (
    Baseline,
    EstimatedImpact,
    Evidence,
    EvidenceSource,
    Recommendation,
    Severity,
)

LAMBDA_LIMIT_SECONDS = 900.0
# What a code fix's share is applied to: (seconds, cost in USD or None, its description,
# the runs it comes from, where they come from).
CodeBasis = tuple[float, float | None, str, list[str], EvidenceSource]
_SEVERITIES: dict[str, Severity] = {"info": "info", "warning": "warning", "error": "error"}


@dataclass
class CurrentRun:
    """The run being optimised, as parsed from XCom dicts or models."""

    run_id: str | None = None
    platform: str | None = None
    workload: dict[str, Any] = field(default_factory=dict)
    seconds: float | None = None
    success: bool | None = None
    cost: float | None = None
    error: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    failed_checks: list[dict[str, Any]] = field(default_factory=list)


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(float(x), nd)


def regression(
    cur: CurrentRun, base: Baseline | None, ids: list[str], min_runs: int
) -> list[Recommendation]:
    """A slow or failed run where similar runs on the same platform are fast / succeed."""
    if base is None or cur.platform is None or base.runs < min_runs:
        return []
    figures: dict[str, Any] = {
        "platform": cur.platform,
        "similar_runs": base.runs,
        "success_rate": base.success_rate,
        "median_seconds": _r(base.median_seconds),
        "p90_seconds": _r(base.p90_seconds),
        "this_run_seconds": _r(cur.seconds),
    }
    run_ids = ([cur.run_id] if cur.run_id else []) + ids
    if cur.success is False and base.success_rate >= 0.8:
        err = (cur.error or "no error text").strip().splitlines()[0][:200]
        return [
            Recommendation(
                priority=1,
                category="regression",
                severity="error",
                platform=cur.platform,
                action=(
                    f"Fix this run's failure on {cur.platform} ({err}): {base.success_rate:.0%} of "
                    f"{base.runs} similar runs there succeed, so the cause is new (input or code change)."
                ),
                estimated_impact=EstimatedImpact(
                    seconds_saved_per_run=_r(cur.seconds),
                    usd_saved_per_run=_r(cur.cost, 6),
                    formula="time and cost spent on this failed run (repeated by every retry)",
                ),
                evidence=Evidence(figures=figures, run_ids=run_ids, source="history"),
            )
        ]
    med, p90 = base.median_seconds, base.p90_seconds
    if cur.success and cur.seconds is not None and med and p90 is not None:
        if cur.seconds > p90 and cur.seconds > 1.2 * med:
            usd = None
            if cur.cost is not None and base.median_cost_usd is not None:
                usd = max(cur.cost - base.median_cost_usd, 0.0)
                figures["this_run_cost_usd"] = _r(cur.cost, 6)
                figures["median_cost_usd"] = _r(base.median_cost_usd, 6)
            pct = (cur.seconds / med - 1.0) * 100.0
            return [
                Recommendation(
                    priority=1,
                    category="regression",
                    platform=cur.platform,
                    severity="error" if cur.seconds > 2 * med else "warning",
                    action=(
                        f"Find what changed: this run took {cur.seconds:.0f} s on {cur.platform}, "
                        f"{pct:.0f}% above the median of {base.runs} similar runs ({med:.0f} s, p90 "
                        f"{p90:.0f} s); compare its input size and code with the last normal run."
                    ),
                    estimated_impact=EstimatedImpact(
                        seconds_saved_per_run=_r(cur.seconds - med),
                        usd_saved_per_run=_r(usd, 6),
                        formula="this_run_seconds - median_seconds (cost: this_run_cost - median_cost)",
                    ),
                    evidence=Evidence(figures=figures, run_ids=run_ids, source="history"),
                )
            ]
    return []


def platform_moves(
    cur: CurrentRun,
    bases: dict[str, Baseline],
    ids_of: dict[str, list[str]],
    *,
    min_runs: int,
    usd_per_hour: float,
) -> list[Recommendation]:
    """The best faster platform and the best cheaper one that the history supports."""
    if cur.platform is None:
        return []
    mine = bases.get(cur.platform)
    if mine is not None and mine.successful_runs >= min_runs and mine.median_seconds is not None:
        ref_s, ref_c, ref_sr = mine.median_seconds, mine.median_cost_usd, mine.success_rate
        ref_desc, ref_source = (
            f"median of {mine.successful_runs} similar {cur.platform} runs",
            "history",
        )
        ref_ids = ids_of.get(cur.platform, [])
    elif cur.success and cur.seconds is not None:
        ref_s, ref_c, ref_sr = cur.seconds, cur.cost, 1.0
        ref_desc, ref_source = "this run", "current_run"
        ref_ids = [cur.run_id] if cur.run_id else []
    else:
        return []
    faster: list[tuple[float, Recommendation]] = []
    cheaper: list[tuple[float, Recommendation]] = []
    for p, b in bases.items():
        if p == cur.platform or b.successful_runs < min_runs or b.median_seconds is None:
            continue
        if b.success_rate < ref_sr - 0.05:
            continue  # a faster platform that fails more is not an improvement
        ds = ref_s - b.median_seconds
        du = None if ref_c is None or b.median_cost_usd is None else ref_c - b.median_cost_usd
        figures = {
            f"{cur.platform}_seconds": _r(ref_s),
            f"{cur.platform}_basis": ref_desc,
            f"{p}_median_seconds": _r(b.median_seconds),
            f"{p}_p90_seconds": _r(b.p90_seconds),
            f"{p}_success_rate": b.success_rate,
            f"{p}_successful_runs": b.successful_runs,
            f"{cur.platform}_cost_usd": _r(ref_c, 6),
            f"{p}_median_cost_usd": _r(b.median_cost_usd, 6),
        }
        evidence = Evidence(
            figures=figures,
            run_ids=ref_ids + ids_of.get(p, []),
            source="history" if ref_source == "history" else "current_run",
        )
        impact = EstimatedImpact(
            seconds_saved_per_run=_r(ds),
            usd_saved_per_run=_r(du, 6),
            formula=(
                f"{cur.platform} seconds ({ref_desc}) - median {p} seconds; "
                f"{cur.platform} cost - median {p} cost (list prices)"
            ),
        )
        value = (du or 0.0) + ds / 3600.0 * usd_per_hour
        if ds > max(1.0, 0.10 * ref_s):
            cost_note = (
                ""
                if du is None
                else (
                    f", saving ${du:.4f} per run" if du >= 0 else f", for ${-du:.4f} more per run"
                )
            )
            faster.append(
                (
                    value,
                    Recommendation(
                        priority=1,
                        category="platform",
                        platform=p,
                        evidence=evidence,
                        estimated_impact=impact,
                        action=(
                            f"Run this workload on {p} instead of {cur.platform}: similar runs take "
                            f"{b.median_seconds:.0f} s there (median of {b.successful_runs}, "
                            f"{b.success_rate:.0%} succeed) against {ref_s:.0f} s{cost_note}."
                        ),
                    ),
                )
            )
        elif du is not None and ref_c and du > 0.10 * ref_c:
            cheaper.append(
                (
                    value,
                    Recommendation(
                        priority=1,
                        category="cost",
                        platform=p,
                        evidence=evidence,
                        estimated_impact=impact,
                        action=(
                            f"Run this workload on {p} to pay ${b.median_cost_usd:.4f} instead of "
                            f"${ref_c:.4f} per run (median of {b.successful_runs} similar runs), at "
                            f"{b.median_seconds - ref_s:+.0f} s per run."
                        ),
                    ),
                )
            )
    out = []
    for group in (faster, cheaper):
        if group:
            out.append(max(group, key=lambda x: x[0])[1])
    return out


def configuration(
    cur: CurrentRun, base: Baseline | None, prices: dict[str, Any]
) -> list[Recommendation]:
    """Settings that cost money or risk failures: Glue's 1-minute minimum, Lambda's 15-minute limit."""
    from strands_airflow.execution.pricing import estimate_cost

    out: list[Recommendation] = []
    if cur.platform == "lambda":
        worst = max(
            [x for x in (cur.seconds, base.p90_seconds if base else None) if x is not None],
            default=None,
        )
        if worst is not None and worst > 0.8 * LAMBDA_LIMIT_SECONDS:
            out.append(
                Recommendation(
                    priority=1,
                    category="configuration",
                    platform="glue",
                    severity="error",
                    action=(
                        f"Move this job off Lambda: its runs take up to {worst:.0f} s, within 20% of "
                        f"Lambda's 15-minute limit, so a little more data will make it fail."
                    ),
                    estimated_impact=EstimatedImpact(
                        formula="risk of hitting the limit; no saving measured"
                    ),
                    evidence=Evidence(
                        figures={
                            "this_run_seconds": _r(cur.seconds),
                            "p90_seconds": _r(base.p90_seconds) if base else None,
                            "limit_seconds": LAMBDA_LIMIT_SECONDS,
                        },
                        run_ids=[cur.run_id] if cur.run_id else [],
                        source="history" if base else "current_run",
                    ),
                )
            )
    if cur.platform == "glue" and cur.success and cur.seconds is not None:
        minimum = float(prices.get("glue", {}).get("minimum_billed_seconds", 60))
        if cur.seconds < minimum:
            billed = estimate_cost("glue", cur.seconds, settings=cur.settings, prices=prices) or 0.0
            flat = {**prices, "glue": {**prices.get("glue", {}), "minimum_billed_seconds": 0}}
            used = estimate_cost("glue", cur.seconds, settings=cur.settings, prices=flat) or 0.0
            out.append(
                Recommendation(
                    priority=1,
                    category="cost",
                    platform="local",
                    action=(
                        f"This Glue job runs {cur.seconds:.0f} s but Glue bills at least "
                        f"{minimum:.0f} s per run: batch several runs together or run it on local "
                        f"or lambda."
                    ),
                    estimated_impact=EstimatedImpact(
                        seconds_saved_per_run=0.0,
                        usd_saved_per_run=_r(billed - used, 6),
                        formula="cost at the billing minimum - cost of the seconds actually used",
                    ),
                    evidence=Evidence(
                        figures={
                            "this_run_seconds": _r(cur.seconds),
                            "minimum_billed_seconds": minimum,
                            "worker_type": cur.settings.get("worker_type"),
                            "number_of_workers": cur.settings.get("number_of_workers"),
                        },
                        run_ids=[cur.run_id] if cur.run_id else [],
                        source="current_run",
                    ),
                )
            )
    return out


def code_fixes(
    cur: CurrentRun,
    basis: CodeBasis | None,
    shares: dict[str, float | None],
) -> list[Recommendation]:
    """One recommendation per finding slug (lines grouped), impact scaled from a real runtime."""
    by_slug: dict[str, list[dict[str, Any]]] = {}
    for f in cur.findings:
        by_slug.setdefault(str(f.get("pattern") or f.get("rule") or "unknown"), []).append(f)
    out = []
    for slug, items in by_slug.items():
        fix: Fix = fix_for(slug, str(items[0].get("suggestion") or ""))
        share = shares.get(slug, fix.assumed_share)
        lines = sorted({int(f.get("line") or 0) for f in items})
        figures: dict[str, Any] = {
            "occurrences": len(items),
            "lines": lines,
            "rule": items[0].get("rule"),
            "message": items[0].get("message"),
        }
        impact = EstimatedImpact(formula="not measurable: no runtime of this workload to scale")
        run_ids: list[str] = []
        source: EvidenceSource = "quality_report"
        if share is not None and basis is not None:
            seconds, cost, desc, run_ids, source = basis
            figures.update({"assumed_share": share, "basis_seconds": _r(seconds), "basis": desc})
            impact = EstimatedImpact(
                seconds_saved_per_run=_r(share * seconds),
                usd_saved_per_run=None if cost is None else _r(share * cost, 6),
                formula=f"assumed_share({slug})={share:.2f} x {desc} ({seconds:.1f} s"
                + ("" if cost is None else f", ${cost:.6f}")
                + ")",
            )
            if cost is not None:
                figures["basis_cost_usd"] = _r(cost, 6)
        where = f"line {lines[0]}" if len(lines) == 1 else "lines " + ", ".join(map(str, lines[:8]))
        worst = max(
            (str(f.get("severity") or "warning") for f in items),
            key=lambda s: {"info": 0, "warning": 1, "error": 2}.get(s, 1),
        )
        severity: Severity = "error" if fix.severity == "error" else _severity(worst, slug)
        out.append(
            Recommendation(
                priority=1,
                category="code",
                pattern=slug,
                severity=severity,
                action=f"{fix.action.rstrip('.')} ({where}).",
                estimated_impact=impact,
                evidence=Evidence(figures=figures, run_ids=run_ids, source=source),
            )
        )
    return out


def data_fixes(cur: CurrentRun) -> list[Recommendation]:
    """One recommendation per failed data check."""
    out = []
    for r in cur.failed_checks:
        check = r.get("check") or {}
        failing, total = r.get("failing_rows"), r.get("total_rows")
        out.append(
            Recommendation(
                priority=1,
                category="data_quality",
                severity="error",
                pattern=f"failed_check:{check.get('kind', 'custom_sql')}",
                action=check_action(check, failing, total, r.get("observed")),
                estimated_impact=EstimatedImpact(
                    formula="correctness, not speed: no saving measured"
                ),
                evidence=Evidence(
                    figures={
                        "check": check.get("kind"),
                        "columns": check.get("columns") or [],
                        "failing_rows": failing,
                        "total_rows": total,
                        "observed": r.get("observed"),
                        "message": r.get("message") or "",
                    },
                    run_ids=[cur.run_id] if cur.run_id else [],
                    source="quality_report",
                ),
            )
        )
    return out


def _severity(value: str, slug: str) -> Severity:
    """A finding's severity as the Recommendation model types it (it rejects any other)."""
    known = _SEVERITIES.get(value)
    if known is None:
        raise ValueError(
            f"quality finding {slug!r} has severity {value!r}; expected info, warning or error"
        )
    return known
