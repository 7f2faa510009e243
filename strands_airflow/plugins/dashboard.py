"""The dashboard page (`/strands/`): HTML with server-drawn SVG charts and the numbers in text.

No script at all (the Content-Security-Policy forbids it), no external asset: the page
works offline and inside the Airflow UI's frame. Every value is escaped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from urllib.parse import urlencode

from strands_airflow.plugins import svg
from strands_airflow.plugins.models import Dashboard, RecommendationItem, RunDetail

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
)
STYLE = """
:root{--fg:#1f2328;--muted:#59636e;--bg:#f6f8fa;--card:#fff;--line:#d0d7de;--accent:#0072B2}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#0b3d5c;color:#fff;padding:16px 24px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#cfe3f1}
header a{color:#fff}
main{padding:16px 24px;max-width:1200px;margin:0 auto}
nav.window a{margin-right:10px}
nav.window a[aria-current]{font-weight:700;text-decoration:none}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:12px 0 20px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:26px;font-weight:650;margin-top:2px}
.card .hint{color:var(--muted);font-size:12px}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 16px}
section h2{margin:0 0 6px;font-size:17px}
section p.lead{margin:0 0 8px;color:var(--muted)}
.chart{width:100%;height:auto;font-family:inherit}
.chart text{fill:#24292f}
table{border-collapse:collapse;width:100%;margin-top:6px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.empty{padding:14px;border:1px dashed var(--line);border-radius:6px;color:var(--muted);background:#fbfcfd}
.bad{color:#b42318;font-weight:600}.good{color:#1a7f37;font-weight:600}
.banner{background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:10px 14px;margin:12px 0}
details summary{cursor:pointer;color:var(--accent);margin-top:6px}
.sev-error{color:#b42318}.sev-warning{color:#9a6700}.sev-info{color:var(--muted)}
"""


def _num(x: float | int | None, digits: int = 1, suffix: str = "") -> str:
    if x is None:
        return "–"
    if isinstance(x, int):
        return f"{x:,}{suffix}"
    return f"{x:,.{digits}f}{suffix}"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.1f}%"


def _when(t: datetime | None) -> str:
    return "–" if t is None else t.strftime("%Y-%m-%d %H:%M UTC")


def _card(label: str, value: str, hint: str = "") -> str:
    hint_html = f'<div class="hint">{escape(hint)}</div>' if hint else ""
    return (
        f'<div class="card"><div class="label">{escape(label)}</div>'
        f'<div class="value">{escape(value)}</div>{hint_html}</div>'
    )


def _empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


def _table(
    headers: list[str], rows: list[list[str]], numeric: frozenset[int] | set[int] = frozenset()
) -> str:
    head = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{escape(h)}</th>'
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in numeric else ''}>{escape(c)}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


NO_RUNS = (
    "No runs in this window yet. Each finished run of a Strands DAG (for example "
    "strands_reference_pipeline) adds a learning vector; trigger one from the DAGs page, "
    "or widen the window above."
)


def _decisions(d: Dashboard) -> str:
    dec = d.decisions
    if not dec.platforms:
        return _empty(NO_RUNS)
    labels = [svg.fmt_time(b, dec.bucket_seconds) for b in dec.buckets]
    series = [
        (p.platform, svg.color_for(p.platform, i), p.counts) for i, p in enumerate(dec.platforms)
    ]
    chart = svg.stacked_bars("Decisions per platform", labels, series, "runs")
    rows = [[p.platform, _num(p.total)] for p in dec.platforms]
    return chart + _table(["Platform", "Runs in window"], rows, {1})


def _runtime(d: Dashboard) -> str:
    rt = d.runtime
    if not rt.platforms:
        return _empty(NO_RUNS)
    labels = [svg.fmt_time(b, rt.bucket_seconds) for b in rt.buckets]
    series = []
    for i, p in enumerate(rt.platforms):
        color = svg.color_for(p.platform, i)
        series.append((p.platform, color, p.median_seconds, False))
        series.append((f"{p.platform} baseline", color, p.baseline_seconds, True))
    legend = [(p.platform, svg.color_for(p.platform, i), False) for i, p in enumerate(rt.platforms)]
    legend.append(("learned baseline (dashed, same colour)", "#57606a", True))
    chart = svg.lines(
        "Median runtime against the learned baseline", labels, series, "seconds", legend=legend
    )
    rows = []
    eff = d.quality.efficiency_by_platform
    for p in rt.platforms:
        delta = "–" if p.delta_pct is None else f"{p.delta_pct:+.1f}%"
        rows.append(
            [
                p.platform,
                _num(p.runs),
                _num(p.recent_median_seconds, suffix=" s"),
                _num(p.baseline_median_seconds, suffix=" s"),
                delta,
                _pct(p.success_rate),
                _pct(eff.get(p.platform)),
            ]
        )
    headers = [
        "Platform",
        "Runs",
        "Recent median",
        "Baseline median",
        "Change",
        "Success",
        "Efficiency",
    ]
    return chart + _table(headers, rows, {1, 2, 3, 4, 5, 6})


def _read_as(lines: list[str], title: str) -> str:
    """How plain-English quality requests were read: one line per check, then what was left out."""
    if not lines:
        return ""
    items = "".join(
        f'<li class="{"ignored" if line.startswith("ignored:") else "read-as"}">{escape(line)}</li>'
        for line in lines
    )
    return f'<h3>{escape(title)}</h3><ul class="read-as">{items}</ul>'


def _quality(d: Dashboard) -> str:
    q = d.quality
    said = _read_as(q.read_as, f"How the newest quality report ({q.read_as_run}) read its requests")
    if not q.points:
        return (
            _empty(
                "No quality scores in this window yet. The Quality task writes one per run "
                "(data_quality_score) once its checks have run."
            )
            + said
        )
    by_time = {p.bucket: p for p in q.points}
    start = d.decisions.buckets
    labels = [svg.fmt_time(b, q.bucket_seconds) for b in start]
    values = [by_time[b].mean_score if b in by_time else None for b in start]
    chart = svg.lines(
        "Mean data quality score",
        labels,
        [("quality score", "#0072B2", values, False)],
        "score",
        top=1.0,
    )
    rows = [[_when(p.bucket), f"{p.mean_score:.3f}", _num(p.runs)] for p in q.points[-8:]]
    return chart + _table(["Period", "Mean score", "Runs"], rows, {1, 2}) + said


def _rec_rows(items: list[RecommendationItem]) -> list[list[str]]:
    rows = []
    for r in items:
        saved = []
        if r.seconds_saved_per_run is not None:
            saved.append(f"{r.seconds_saved_per_run:,.0f} s")
        if r.usd_saved_per_run is not None:
            saved.append(f"${r.usd_saved_per_run:,.2f}")
        rows.append(
            [str(r.priority), r.category, r.action, " · ".join(saved) or "–", r.run_id or "–"]
        )
    return rows


def _recommendations(d: Dashboard) -> str:
    recs = d.recommendations
    if not recs.items:
        return _empty(
            "No open recommendations. The Optimization task writes them after each run; "
            f"{recs.reports_read} report(s) read."
        )
    headers = ["Priority", "Category", "Action", "Saves per run", "From run"]
    return _table(headers, _rec_rows(recs.items), {0})


def _bus(d: Dashboard) -> str:
    b = d.bus
    if not b.reachable:
        return (
            f'<p class="bad">Bus ({escape(b.backend)}) not reachable: {escape(b.error or "")}</p>'
        )
    if not b.agents:
        if b.backend == "local":
            return _empty(
                "The embedded LocalBus lives inside each task's process, so there is nothing "
                "to show here. Configure the redis_default connection (or [strands] bus_url) "
                "to share one Redis Streams bus and see its agents."
            )
        return _empty("No agent has subscribed to the Redis bus yet.")
    rows = [
        [a.agent, _num(a.stream_length), _num(a.pending), _num(a.dead_lettered)] for a in b.agents
    ]
    return _table(["Agent", "Stream length", "Pending", "Dead-lettered"], rows, {1, 2, 3})


def _run(run: RunDetail, base: str) -> str:
    title = f"Filtered to DAG run {run.dag_id} / {run.run_id}"
    link = f'<a href="{escape(base)}">Show all runs</a>'
    if not run.found:
        return (
            f'<div class="banner"><strong>{escape(title)}</strong>. This run has no learning '
            f"vector or report yet (it may still be running). {link}</div>"
        )
    rows = [
        ["Platform", run.platform or "–"],
        ["Succeeded", "–" if run.success is None else ("yes" if run.success else "no")],
        ["Runtime", _num(run.execution_time_seconds, suffix=" s")],
        ["Learned baseline (same platform)", _num(run.baseline_seconds, suffix=" s")],
        ["Data quality score", _num(run.data_quality_score, 3)],
        ["Decision confidence", _num(run.decision_confidence, 2)],
        ["Quality report stored", "yes" if run.quality_report else "no"],
    ]
    recs = ""
    if run.recommendations:
        headers = ["Priority", "Category", "Action", "Saves per run", "From run"]
        recs = "<h3>This run's recommendations</h3>" + _table(
            headers, _rec_rows(run.recommendations), {0}
        )
    said = _read_as(run.quality_read_as, "How this run's quality requests were read")
    return (
        f'<div class="banner"><strong>{escape(title)}</strong> · {link}'
        f"{_table(['', 'This run'], rows)}{said}{recs}</div>"
    )


def render(d: Dashboard, *, base: str, dag_id: str | None, run_id: str | None) -> str:
    """The whole page for `d`; `base` is the dashboard's own path (for links)."""
    s = d.summary
    extra = {"dag_id": dag_id, "run_id": run_id}
    window_links = " ".join(
        f'<a href="{escape(base)}?{escape(urlencode({"days": n, **{k: v for k, v in extra.items() if v}}))}"'
        f"{' aria-current=page' if n == s.window_days else ''}>{n} days</a>"
        for n in (1, 7, 30, 90, 365)
    )
    dead = "–" if s.bus_dead_lettered is None else _num(s.bus_dead_lettered)
    cards = "".join(
        [
            _card("Learning vectors", _num(s.vectors), "in the store"),
            _card("Runs", _num(s.runs_in_window), f"last {s.window_days} days"),
            _card("Success rate", _pct(s.success_rate), "runs in the window"),
            _card("Quality score", _num(s.latest_quality_score, 3), "latest run"),
            _card("Open recommendations", _num(s.open_recommendations), "newest reports"),
            _card("Dead-lettered", dead, f"{s.bus_backend} bus"),
        ]
    )
    empty_store = ""
    if s.vectors == 0:
        empty_store = _empty(
            "The learning store is empty: no Strands DAG has finished a run yet. Trigger "
            "strands_reference_pipeline (or any DAG using the Strands operators); each run "
            "adds a learning vector and this page fills in."
        )
    run_html = _run(d.run, base) if d.run is not None else ""
    sections = [
        (
            "decisions",
            "Decisions per platform over time",
            "Runs per period, by the platform the Decision agent chose.",
            _decisions(d),
        ),
        (
            "runtime",
            "Runtime against the learned baseline",
            "Median runtime of successful runs "
            f"per period (solid) against the rolling median of each platform's previous "
            f"{d.runtime.baseline_runs} successful runs (dashed). Efficiency: how close "
            "the newest runs came to the best known run of their workload class (cost "
            "under a cost objective, else runtime), averaged per platform.",
            _runtime(d),
        ),
        (
            "quality",
            "Quality score trend",
            f"Mean data_quality_score per period, from the newest {d.quality.runs_read} runs.",
            _quality(d),
        ),
        (
            "recommendations",
            "Top open recommendations",
            "From the Optimization agent's newest reports, most important first.",
            _recommendations(d),
        ),
        (
            "bus",
            "Message bus",
            "Stream length, pending and dead-lettered messages per agent, "
            f"checked {_when(d.bus.checked_at)}.",
            _bus(d),
        ),
    ]
    body = "".join(
        f'<section id="{sid}" aria-labelledby="{sid}-h"><h2 id="{sid}-h">{escape(h)}</h2>'
        f'<p class="lead">{escape(lead)}</p>{html}</section>'
        for sid, h, lead, html in sections
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Strands dashboard</title><style>{STYLE}</style></head>
<body><header><h1>Strands: self-learning ETL</h1>
<p>Store {escape(s.store.location)} · {escape(_num(s.vectors))} learning vectors ·
updated {escape(_when(s.store.loaded_at))} · <a href="{escape(base)}api/v1/openapi.json">JSON API</a></p>
</header><main>
<nav class="window" aria-label="Time window">Window: {window_links}</nav>
{run_html}<div class="cards">{cards}</div>{empty_store}{body}
</main></body></html>"""


def render_error(status: int, message: str) -> str:
    """A small page for a bad request (e.g. an invalid dag_id), naming the problem."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strands dashboard: error {status}</title>
<style>{STYLE}</style></head><body><header><h1>Strands dashboard</h1></header>
<main><section><h2>Error {status}</h2><p>{escape(message)}</p>
<p><a href="./">Open the dashboard without filters</a></p></section></main></body></html>"""
