"""Charts as inline SVG, drawn on the server: no JavaScript, no CDN, works offline.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` that states its
numbers in words (for screen readers), a `<title>` tooltip on every bar and point, axes
with labelled ticks, and a legend. Every text is escaped.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from datetime import datetime
from html import escape

WIDTH, HEIGHT = 960, 270
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 56

#: fixed colours for the known platforms (colour-blind-safe Okabe-Ito palette), then a cycle
PLATFORM_COLORS = {
    "local": "#009E73",
    "glue": "#0072B2",
    "emr_serverless": "#E69F00",
    "lambda": "#D55E00",
    "spark": "#CC79A7",
}
_CYCLE = ("#56B4E9", "#F0E442", "#000000", "#999999")


def color_for(name: str, index: int = 0) -> str:
    """The colour of a platform (stable across charts)."""
    return PLATFORM_COLORS.get(name, _CYCLE[index % len(_CYCLE)])


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top`."""
    if top <= 0 or not math.isfinite(top):
        return [0.0, 1.0]
    raw = top / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def fmt_number(x: float) -> str:
    """Short human text of a number (1.2k, 35, 0.85)."""
    if abs(x) >= 1000:
        return f"{x / 1000:.1f}k".replace(".0k", "k")
    if x == int(x):
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def fmt_time(t: datetime, bucket_seconds: int) -> str:
    """Axis label of a bucket start."""
    return t.strftime("%b %d" if bucket_seconds >= 12 * 3600 else "%b %d %H:%M")


def _frame(title: str, desc: str, body: list[str], legend: Sequence[tuple[str, str, bool]]) -> str:
    ident = f"c{zlib.crc32((title + desc).encode()):08x}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}t {ident}d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}t">{escape(title)}</title>',
        f'<desc id="{ident}d">{escape(desc)}</desc>',
        *body,
    ]
    x = LEFT
    y = HEIGHT - 14
    for name, color, dashed in legend:
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        parts.append(
            f'<g class="legend"><line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" '
            f'stroke="{color}" stroke-width="4"{dash}/>'
            f'<text x="{x + 24}" y="{y}" font-size="12">{escape(name)}</text></g>'
        )
        x += 34 + 7 * len(name)
    parts.append("</svg>")
    return "\n".join(parts)


def _axes(ticks: list[float], labels: Sequence[str], unit: str) -> tuple[list[str], float]:
    """Grid lines, y tick labels and x labels; returns the parts and the y scale."""
    plot_h = HEIGHT - TOP - BOTTOM
    top = ticks[-1] or 1.0
    scale = plot_h / top
    out = []
    for t in ticks:
        y = TOP + plot_h - t * scale
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="#d0d7de" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(fmt_number(t))}</text>"
        )
    out.append(
        f'<text x="12" y="{TOP + plot_h / 2:.0f}" font-size="11" text-anchor="middle" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.0f})">{escape(unit)}</text>'
    )
    n = max(len(labels), 1)
    slot = (WIDTH - LEFT - RIGHT) / n
    every = max(1, math.ceil(n / 8))
    for i, label in enumerate(labels):
        if i % every == 0:
            x = LEFT + slot * (i + 0.5)
            anchor = "middle"
            if x + 3.2 * len(label) > WIDTH - RIGHT:  # would be clipped: end at the edge
                x, anchor = WIDTH - RIGHT, "end"
            out.append(
                f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" font-size="11" '
                f'text-anchor="{anchor}">{escape(label)}</text>'
            )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="#57606a"/>'
    )
    return out, scale


def stacked_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
    unit: str,
) -> str:
    """Stacked bars, one bar per label, one segment per series `(name, colour, values)`."""
    n = len(labels)
    totals = [sum(s[2][i] for s in series) for i in range(n)]
    ticks = nice_ticks(max(totals, default=0))
    body, scale = _axes(ticks, labels, unit)
    slot = (WIDTH - LEFT - RIGHT) / max(n, 1)
    bar_w = max(slot * 0.75, 1.0)
    base_y = HEIGHT - BOTTOM
    for i in range(n):
        y = float(base_y)
        for name, color, values in series:
            v = values[i]
            if not v:
                continue
            h = v * scale
            y -= h
            x = LEFT + slot * i + (slot - bar_w) / 2
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{color}"><title>{escape(labels[i])}: {escape(name)} {v}</title></rect>'
            )
    words = ", ".join(f"{name} {sum(values)}" for name, _, values in series)
    desc = f"{title}. Totals over {n} periods: {words}."
    return _frame(title, desc, body, [(name, color, False) for name, color, _ in series])


def lines(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None], bool]],
    unit: str,
    *,
    top: float | None = None,
    legend: Sequence[tuple[str, str, bool]] | None = None,
) -> str:
    """Lines with a dot per value, one per series `(name, colour, values, dashed)`; a None
    (a period without runs) is skipped, the line joins its neighbours. `legend` replaces the
    one-entry-per-series legend."""
    values = [v for _, _, vs, _ in series for v in vs if v is not None]
    ticks = nice_ticks(top if top is not None else max(values, default=0))
    body, scale = _axes(ticks, labels, unit)
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    base_y = HEIGHT - BOTTOM
    for name, color, vs, dashed in series:
        path: list[str] = []
        for i, v in enumerate(vs):
            if v is None:
                continue
            x, y = LEFT + slot * (i + 0.5), base_y - v * scale
            path.append(f"{x:.1f},{y:.1f}")
            if not dashed:
                body.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}">'
                    f"<title>{escape(labels[i])}: {escape(name)} {escape(fmt_number(v))}"
                    f"</title></circle>"
                )
        if len(path) > 1:
            body.append(_polyline(path, color, dashed))
    words = "; ".join(
        f"{name}: latest {fmt_number(last)}"
        for name, _, vs, _ in series
        if (last := next((v for v in reversed(vs) if v is not None), None)) is not None
    )
    desc = f"{title}. {words or 'no values'}."
    return _frame(title, desc, body, legend or [(n, c, d) for n, c, _, d in series])


def _polyline(points: list[str], color: str, dashed: bool) -> str:
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" '
        f'stroke-width="{2 if dashed else 2.5}"{dash}/>'
    )
