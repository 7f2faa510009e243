"""Cold-start knowledge: the seed's rules of thumb as a prior over each platform.

The seed picked Lambda for low volume, Glue / EMR for high volume and EMR for complex
transforms; Spark (``spark-submit``) pays seconds of JVM start-up and wins over DuckDB
only where DuckDB runs out of memory. Here those rules are written as a rough physical model (start-up seconds,
seconds per GB, join and PySpark cost, Lambda's 15-minute cap and memory limit, local
DuckDB's memory) and fitted once into the learner's prior: the agent starts from these
guesses with wide uncertainty and lets observed runs overrule them.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from strands_airflow.core.features import FEATURE_NAMES, feature_values

if TYPE_CHECKING:
    import numpy as np

#: Lambda's hard limit on one invocation (seconds).
LAMBDA_LIMIT_S = 900.0

# Rough guesses per platform: start-up s, s per GB of plain SQL, PySpark slowdown,
# extra cost per join, base failure rate, and the size where failures take over
# (GB, None = no size limit) with how sharply.
_RULES: dict[str, dict[str, Any]] = {
    "local": {
        "startup": 2.0,
        "s_per_gb": 12.0,
        "pyspark": 2.0,
        "join": 0.25,
        "fail": 0.02,
        "limit_gb": 300.0,
        "sharp": 4.0,
    },
    "glue": {
        "startup": 60.0,
        "s_per_gb": 2.0,
        "pyspark": 1.0,
        "join": 0.12,
        "fail": 0.03,
        "limit_gb": None,
        "sharp": 0.0,
    },
    "emr_serverless": {
        "startup": 120.0,
        "s_per_gb": 1.7,
        "pyspark": 1.0,
        "join": 0.08,
        "fail": 0.03,
        "limit_gb": None,
        "sharp": 0.0,
    },
    "lambda": {
        "startup": 1.0,
        "s_per_gb": 25.0,
        "pyspark": 1.5,
        "join": 0.3,
        "fail": 0.02,
        "limit_gb": 10.0,
        "sharp": 5.0,
    },
    # spark-submit: a JVM and a SparkContext to start (seconds even for tiny data), then
    # about DuckDB's speed per GB on one machine, but it spills and scales out, so no size
    # limit: it beats local DuckDB only where DuckDB runs out of memory (~100 GB and up).
    "spark": {
        "startup": 6.0,
        "s_per_gb": 14.0,
        "pyspark": 1.0,
        "join": 0.15,
        "fail": 0.02,
        "limit_gb": None,
        "sharp": 0.0,
    },
}

#: Human-readable form of the rules, quoted in cold-start reasoning.
RULE_TEXT: dict[str, str] = {
    "local": "DuckDB on the worker: no start-up cost, best for small and medium SQL jobs",
    "glue": "Glue: ~1 min start-up, scales out for high volume",
    "emr_serverless": "EMR Serverless: ~2 min start-up, fastest on very large or complex jobs",
    "lambda": "Lambda: instant start for low volume, 15-minute limit and small memory",
    "spark": "Spark (spark-submit): seconds of JVM start-up, beats DuckDB only on data far "
    "larger than memory",
}

_IDX = {name: i for i, name in enumerate(FEATURE_NAMES)}
# Knots of the piecewise-linear volume terms, on the log_volume scale
# (0.3 ~ 3 GB, 0.7 ~ 25 GB, 1.1 ~ 160 GB, 1.5 ~ 1 TB): runtime is start-up dominated
# for small jobs and throughput dominated for big ones, a bend a line cannot follow.
_KNOTS = (0.3, 0.7, 1.1, 1.5)
BASE_NAMES: tuple[str, ...] = (
    *FEATURE_NAMES,
    *(f"log_volume_over_{k}" for k in _KNOTS),
    "log_volume_x_joins",
)
BASE_DIM = len(BASE_NAMES)
# Failure depends on few things (the platform's base rate, size limits, PySpark support):
# a small model learns rare events far faster than one over every feature.
FAILURE_NAMES: tuple[str, ...] = (
    "bias",
    "log_volume",
    *(f"log_volume_over_{k}" for k in _KNOTS),
    "pyspark",
    "joins",
)
FAILURE_COLS: tuple[int, ...] = tuple(BASE_NAMES.index(n) for n in FAILURE_NAMES)
# Extra failure-only bends on the log_volume scale (0.1 ~ 0.6 GB, 0.2 ~ 1.5 GB): size
# limits of small-memory platforms start near a few GB, and without a bend there a line
# through the limit tilts the failure rate of tiny jobs away from the platform's base rate.
_FAILURE_KNOTS = (0.1, 0.2)


def failure_base(X: np.ndarray) -> np.ndarray:
    """Smooth failure-model inputs from :func:`base_design` rows (or full design rows)."""
    import numpy as np

    X2 = np.atleast_2d(X)
    lv = X2[:, _IDX["log_volume"]]
    extra = [np.maximum(lv - k, 0.0) for k in _FAILURE_KNOTS]
    out = np.concatenate([X2[:, list(FAILURE_COLS)], np.stack(extra, axis=1)], axis=1)
    return out[0] if np.ndim(X) == 1 else out


# Workload cells for local corrections: size band x complexity x transform. Each cell
# gets its own small offset on top of the smooth model (a random effect), so where the
# smooth shape is wrong for some kind of job, runs of that kind correct it locally.
_CELL_EDGES = (0.15, 0.5, 0.8, 1.1, 1.4)  # log_volume: ~1, 9, 40, 160, 640 GB
N_CELLS = (len(_CELL_EDGES) + 1) * 3 * 3
DESIGN_DIM = BASE_DIM + N_CELLS


def cell_index(embedding: np.ndarray) -> np.ndarray:
    """Cell 0..N_CELLS-1 of each embedding row (size band x complexity x transform)."""
    import numpy as np

    emb = np.atleast_2d(np.asarray(embedding, dtype=np.float64))
    band = np.searchsorted(np.asarray(_CELL_EDGES), emb[:, _IDX["log_volume"]], side="right")
    cplx = np.clip(np.rint(emb[:, _IDX["complexity"]] * 2.0), 0, 2).astype(int)
    pys = emb[:, _IDX["pyspark"]]
    tr = np.where(pys > 0.75, 1, np.where(pys < 0.25, 0, 2))
    return band * 9 + cplx * 3 + tr


def design_matrix(embedding: np.ndarray) -> np.ndarray:
    """Full learner inputs: :func:`base_design` plus a one-hot of the workload's cell."""
    import numpy as np

    emb = np.asarray(embedding, dtype=np.float64)
    one = emb.ndim == 1
    emb = np.atleast_2d(emb)
    base = base_design(emb)
    cells = np.zeros((len(emb), N_CELLS))
    cells[np.arange(len(emb)), cell_index(emb)] = 1.0
    out = np.concatenate([base, cells], axis=1)
    return out[0] if one else out


def base_design(embedding: np.ndarray) -> np.ndarray:
    """Smooth learner inputs from workload embeddings: the features plus volume bends.

    ``embedding`` is ``(N, EMBEDDING_DIM)`` or ``(EMBEDDING_DIM,)``; returns float64
    ``(N, BASE_DIM)`` (or ``(BASE_DIM,)``).
    """
    import numpy as np

    emb = np.asarray(embedding, dtype=np.float64)
    one = emb.ndim == 1
    emb = np.atleast_2d(emb)
    lv = emb[:, _IDX["log_volume"]]
    extra = [np.maximum(lv - k, 0.0) for k in _KNOTS]
    extra.append(lv * emb[:, _IDX["joins"]])
    out = np.concatenate([emb, np.stack(extra, axis=1)], axis=1)
    return out[0] if one else out


def failure_rule(platform: str) -> tuple[float, float | None]:
    """(base failure rate, size limit in GB or None) of the rules; an unknown platform id
    is treated as Glue (no limit)."""
    r = _RULES.get(platform, _RULES["glue"])
    return float(r["fail"]), (None if r["limit_gb"] is None else float(r["limit_gb"]))


def rule_runtime_s(platform: str, gb: float, joins: float, sources: float, pyspark: float) -> float:
    """Rule-of-thumb runtime (seconds) of a job on ``platform``."""
    r = _RULES[platform]
    work = gb * float(r["s_per_gb"])
    work *= 1.0 + float(r["join"]) * joins + 0.1 * max(sources - 1.0, 0.0)
    work *= 1.0 + (float(r["pyspark"]) - 1.0) * pyspark
    return float(r["startup"]) + work


def rule_failure_probability(platform: str, gb: float, runtime_s: float) -> float:
    """Rule-of-thumb chance a run fails (memory limits, Lambda's time limit)."""
    r = _RULES[platform]
    logit = math.log(float(r["fail"]) / (1.0 - float(r["fail"])))
    if r["limit_gb"] is not None:
        logit += float(r["sharp"]) * max(
            math.log10(max(gb, 1e-3) / float(r["limit_gb"])) + 0.8, 0.0
        )
    if platform == "lambda" and runtime_s > 0.8 * LAMBDA_LIMIT_S:
        logit += 4.0 * min(runtime_s / LAMBDA_LIMIT_S, 2.0)
    return 1.0 / (1.0 + math.exp(-logit))


@lru_cache(maxsize=1)
def prior_weights() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per platform: log-runtime weights over :func:`base_design`, failure-logit weights
    over its :data:`FAILURE_COLS`."""
    import numpy as np

    rows, truth = [], []
    for gb in np.logspace(-2, 4, 25):
        for joins in (0, 1, 2, 4, 8):
            for sources in (1, 3):
                for transform, pys in (("sql", 0.0), ("pyspark", 1.0), (None, 0.5)):
                    wl: dict[str, Any] = {
                        "data_volume_gb": float(gb),
                        "num_joins": joins,
                        "source_count": sources,
                    }
                    if transform:
                        wl["transform"] = transform
                    rows.append(feature_values(wl))
                    truth.append((float(gb), float(joins), float(sources), pys))
    X = base_design(np.asarray(rows))
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    ridge = 1e-3 * np.eye(X.shape[1])
    for platform in _RULES:
        t = np.array([rule_runtime_s(platform, *row) for row in truth])
        p = np.array(
            [
                rule_failure_probability(platform, row[0], ti)
                for row, ti in zip(truth, t, strict=True)
            ]
        )
        p = np.clip(p, 1e-3, 1 - 1e-3)
        w_time = np.linalg.solve(X.T @ X + ridge, X.T @ np.log(t))
        Xf = failure_base(X)
        ridge_f = 1e-3 * np.eye(Xf.shape[1])
        # Where the rules give just the platform's base rate (no limit in sight), the fit
        # must give it too: a leftover of the fit there, not the rules, would otherwise
        # decide between platforms that the rules rate alike.
        base = float(_RULES[platform]["fail"])
        wf = np.where(np.abs(p - base) < 1e-9, 10.0, 1.0)[:, None]
        w_fail = np.linalg.solve((Xf * wf).T @ Xf + ridge_f, (Xf * wf).T @ np.log(p / (1 - p)))
        out[platform] = (w_time, w_fail)
    return out


def rule_estimate(platform: str, embedding: np.ndarray) -> tuple[float, float]:
    """The rules' (runtime seconds, failure probability) for one workload embedding."""
    import numpy as np

    x = base_design(embedding)
    w_time, w_fail = prior_weights()[platform]
    logit = float(failure_base(x) @ w_fail)
    return float(np.exp(x @ w_time)), 1.0 / (1.0 + float(np.exp(-logit)))
