"""Online Bayesian learner: per platform, runtime and failure models over workload features.

For every platform the learner keeps

- a Bayesian linear regression of log(runtime) of successful runs on the design features
  (normal-inverse-gamma posterior, prior from :mod:`.priors`), as decayed sufficient
  statistics, so an update costs O(D^2) and a prediction O(D^2) whatever the history size;
- a failure model (:mod:`.failure`): a base rate plus a size limit per platform, on an
  exact grid posterior whose base rates are shared hierarchically by all platforms (part
  of the base rate is common: bad input, permissions, flaky sources), so runs on any
  platform teach every platform's base rate and a single unlucky failure weighs less
  than the common evidence;
- counts per workload class (volume level x complexity x transform) for the reasoning text.

Forgetting: every observed run (on any platform) decays old evidence slightly, the
platform's own runs decay its evidence a bit faster, and a drift detector (an EWMA of
standardised residuals) forgets most of a platform's old runtime evidence when its runs
stop matching the model. Forgotten evidence falls back to the prior, so a platform that
has not been tried for a long time is explored again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from strands_airflow.agents.decision.failure import FailurePosterior, FailureSettings
from strands_airflow.agents.decision.priors import (
    LAMBDA_LIMIT_S,
    N_CELLS,
    design_matrix,
    prior_weights,
)
from strands_airflow.core.features import FEATURE_NAMES
from strands_airflow.core.workload import LEVELS, volume_level

#: Penalty (seconds) added for a failed run: the cost the agent minimises is
#: ``execution_time_seconds + FAILURE_PENALTY_S * failed``.
FAILURE_PENALTY_S = 1800.0
_IDX = {name: i for i, name in enumerate(FEATURE_NAMES)}
_LOG_100 = math.log1p(100.0)
N_CLASSES = 3 * 3 * 3


def log10_gb(X: np.ndarray) -> np.ndarray:
    """log10(data volume in GB) of design rows (or embeddings: same leading columns)."""
    lv = np.atleast_2d(np.asarray(X, dtype=np.float64))[:, _IDX["log_volume"]]
    return np.log10(np.maximum(np.expm1(lv * _LOG_100), 1e-6))


# Platform names of old (seed) vectors, read as today's ids.
_PLATFORM_ALIASES = {"emr": "emr_serverless", "duckdb": "local", "aws_lambda": "lambda"}

#: Hard per-run time limits (seconds): a run still going at the limit is killed and fails.
TIME_LIMITS_S: dict[str, float] = {"lambda": LAMBDA_LIMIT_S}


def _norm_sf(z: np.ndarray | float) -> np.ndarray:
    """Upper tail of the standard normal (vectorised erfc)."""
    zz = np.asarray(z, dtype=np.float64)
    return 0.5 * np.vectorize(math.erfc)(zz / math.sqrt(2.0))


@dataclass(frozen=True)
class LearnerSettings:
    """Tuning knobs (defaults are deliberately generic, not fitted to one benchmark)."""

    global_forgetting: float = 0.999  # per run on any platform: memory ~1000 runs
    own_forgetting: float = 0.995  # per run on the platform itself: memory ~200 runs
    prior_weight_sd: float = 0.4  # prior sd of each smooth log-runtime weight
    cell_effect_sd: float = 0.3  # prior sd of one workload cell's log-runtime offset
    prior_noise_var: float = 0.25  # prior guess of log-runtime noise variance
    prior_noise_strength: float = 3.0  # pseudo-runs behind that guess
    failure: FailureSettings = FailureSettings()  # failure model priors (see .failure)
    batch_chunk: int = 50_000  # rows per step when loading a long history
    drift_alpha: float = 0.15  # EWMA weight of the newest standardised residual
    drift_threshold: float = 1.6  # |EWMA| beyond this = the platform changed
    drift_keep: float = 0.1  # share of old runtime evidence kept on drift
    max_noise_var: float = 4.0  # cap on sampled noise variance (exp(var/2) blows up)
    # The model is a simplification: even with endless data its mean runtime for one
    # workload can be off by ~this much (log scale). Keeps confidence honest and leaves a
    # little exploration between platforms the model cannot truly tell apart.
    model_error_sd: float = 0.15


def workload_class(embedding: np.ndarray) -> np.ndarray:
    """Class index 0..26 (volume level x complexity x transform) of each embedding row."""
    emb = np.atleast_2d(np.asarray(embedding, dtype=np.float64))
    gb = np.expm1(emb[:, _IDX["log_volume"]] * _LOG_100)
    vol = np.where(gb < 10.0, 0, np.where(gb < 100.0, 1, 2))
    cplx = np.clip(np.rint(emb[:, _IDX["complexity"]] * 2.0), 0, 2).astype(int)
    pys = emb[:, _IDX["pyspark"]]
    tr = np.where(pys > 0.75, 1, np.where(pys < 0.25, 0, 2))
    return vol * 9 + cplx * 3 + tr


def describe_class(embedding: np.ndarray) -> str:
    """Words for the class of one embedding, e.g. 'medium volume, low complexity, sql'."""
    emb = np.asarray(embedding, dtype=np.float64)
    gb = float(np.expm1(emb[_IDX["log_volume"]] * _LOG_100))
    cplx = LEVELS[int(np.clip(np.rint(emb[_IDX["complexity"]] * 2.0), 0, 2))]
    pys = float(emb[_IDX["pyspark"]])
    tr = "pyspark" if pys > 0.75 else ("sql" if pys < 0.25 else "any transform")
    return f"{volume_level(gb)} volume, {cplx} complexity, {tr}"


class RuntimeModel:
    """Normal-inverse-gamma regression of log runtime with decayed sufficient statistics."""

    def __init__(self, w0: np.ndarray, s: LearnerSettings) -> None:
        self.s = s
        self.m0 = np.concatenate([w0.astype(np.float64), np.zeros(N_CELLS)])
        d = len(self.m0)
        # w | var ~ N(m0, var * V0): V0 scaled so each weight has its prior sd.
        sd = np.concatenate(
            [np.full(len(w0), s.prior_weight_sd), np.full(N_CELLS, s.cell_effect_sd)]
        )
        self.P0 = np.diag(s.prior_noise_var / sd**2)
        self.a0 = s.prior_noise_strength / 2.0 + 1.0
        self.b0 = s.prior_noise_var * (self.a0 - 1.0)
        self.Sxx = np.zeros((d, d))
        self.Sxy = np.zeros(d)
        self.Syy = 0.0
        self.n = 0.0
        self.ewma = 0.0
        self.since_reset = 0
        self.drift_events = 0
        self._dirty = True
        self._post: tuple[np.ndarray, np.ndarray, float, float] | None = None

    def decay(self, factor: float) -> None:
        """Shrink old evidence by ``factor`` (0..1)."""
        if factor >= 1.0 or self.n == 0.0:
            return
        self.Sxx *= factor
        self.Sxy *= factor
        self.Syy *= factor
        self.n *= factor
        self._dirty = True

    def add(self, X: np.ndarray, y: np.ndarray, w: np.ndarray) -> None:
        """Add weighted rows (X (N, D), y log-runtime (N,), weights (N,))."""
        Xw = X * w[:, None]
        self.Sxx += Xw.T @ X
        self.Sxy += Xw.T @ y
        self.Syy += float(w @ (y * y))
        self.n += float(w.sum())
        self._dirty = True

    def posterior(self) -> tuple[np.ndarray, np.ndarray, float, float]:
        """(mean weights, covariance / noise-var, a, b) of the current posterior."""
        if self._dirty or self._post is None:
            P = self.P0 + self.Sxx
            cov = np.linalg.inv(P)
            m = cov @ (self.P0 @ self.m0 + self.Sxy)
            a = self.a0 + self.n / 2.0
            b = self.b0 + 0.5 * max(self.Syy + self.m0 @ self.P0 @ self.m0 - m @ P @ m, 0.0)
            self._post = (m, cov, a, b)
            self._dirty = False
        return self._post

    def check_drift(self, x: np.ndarray, y: float) -> bool:
        """Update the residual EWMA with one run; forget old evidence on a shift."""
        m, cov, a, b = self.posterior()
        var = (b / a) * (1.0 + float(x @ cov @ x))
        z = (y - float(x @ m)) / math.sqrt(var)
        self.ewma = (1.0 - self.s.drift_alpha) * self.ewma + self.s.drift_alpha * max(
            min(z, 6.0), -6.0
        )
        self.since_reset += 1
        if self.since_reset >= 5 and abs(self.ewma) > self.s.drift_threshold:
            self.decay(self.s.drift_keep)
            self.ewma = 0.0
            self.since_reset = 0
            self.drift_events += 1
            return True
        return False


class PlatformLearner:
    """All platforms' models plus per-class run counts; fed by arrays of past runs.

    Example::

        learner = PlatformLearner()
        learner.observe(embeddings, platforms, times, successes)
        mean, sd = learner.predict("glue", embedding)
    """

    def __init__(self, settings: LearnerSettings | None = None) -> None:
        self.settings = settings or LearnerSettings()
        self.runtime: dict[str, RuntimeModel] = {}
        self.failure = FailurePosterior(self.settings.failure)
        self.class_runs: dict[str, np.ndarray] = {}
        self.class_fails: dict[str, np.ndarray] = {}
        self.class_time: dict[str, np.ndarray] = {}
        self.class_ok: dict[str, np.ndarray] = {}
        self.total_runs: dict[str, int] = {}
        self.n_observed = 0
        for platform in prior_weights():
            self._ensure(platform)

    def _ensure(self, platform: str) -> None:
        if platform in self.runtime:
            return
        priors = prior_weights()
        # An unknown platform id in old history gets a neutral prior (glue-like).
        w_time, _ = priors.get(platform, priors["glue"])
        self.runtime[platform] = RuntimeModel(w_time, self.settings)
        self.failure.ensure(platform)
        for table in (self.class_runs, self.class_fails, self.class_time, self.class_ok):
            table[platform] = np.zeros(N_CLASSES)
        self.total_runs[platform] = 0

    # -- learning ---------------------------------------------------------------

    def observe(
        self,
        embedding: np.ndarray,
        platform: np.ndarray | list[str],
        execution_time_seconds: np.ndarray,
        success: np.ndarray,
    ) -> None:
        """Learn from past runs, oldest first (the store's ``history()`` arrays)."""
        emb = np.atleast_2d(np.asarray(embedding, dtype=np.float64))
        plat = np.asarray(platform).astype(str)
        t = np.asarray(execution_time_seconds, dtype=np.float64)
        ok = np.asarray(success, dtype=bool)
        # A run without a time (or with a broken embedding) teaches nothing about runtime.
        keep = np.isfinite(t) & np.isfinite(emb).all(axis=1)
        if not keep.all():
            emb, plat, t, ok = emb[keep], plat[keep], t[keep], ok[keep]
        t = np.maximum(t, 0.05)
        plat = np.array([_PLATFORM_ALIASES.get(p, p) for p in plat.tolist()], dtype=str)
        n = len(plat)
        if n == 0:
            return
        if n <= 64:
            for i in range(n):
                self._observe_one(emb[i], str(plat[i]), float(t[i]), bool(ok[i]))
            return
        step = self.settings.batch_chunk
        for lo in range(0, n, step):
            self._observe_batch(
                emb[lo : lo + step], plat[lo : lo + step], t[lo : lo + step], ok[lo : lo + step]
            )

    def _observe_batch(
        self, emb: np.ndarray, plat: np.ndarray, t: np.ndarray, ok: np.ndarray
    ) -> None:
        n = len(plat)
        X = design_matrix(emb)
        cls = workload_class(emb)
        s = self.settings
        # Weight of each row after the decay that the rest of the batch brings.
        age_all = (n - 1) - np.arange(n)
        sizes = log10_gb(emb)
        for p in np.unique(plat):
            self._ensure(str(p))
            rt = self.runtime[str(p)]
            sel = plat == p
            k = int(sel.sum())
            own_age = (k - 1) - np.arange(k)
            w = s.global_forgetting ** age_all[sel] * s.own_forgetting**own_age
            rt.decay(s.global_forgetting**n * s.own_forgetting**k)
            good = ok[sel]
            rt.add(X[sel][good], np.log(t[sel][good]), w[good])
            self.failure.decay(str(p), s.global_forgetting**n * s.own_forgetting**k)
            self.failure.add(str(p), sizes[sel], (~good).astype(float), w)
            self._count(str(p), cls[sel], t[sel], good)
        for p in self.runtime:
            if p not in set(plat.tolist()):
                self.runtime[p].decay(s.global_forgetting**n)
                self.failure.decay(p, s.global_forgetting**n)
        self.n_observed += n

    def _observe_one(self, emb: np.ndarray, platform: str, t: float, ok: bool) -> None:
        self._ensure(platform)
        s = self.settings
        for p in self.runtime:
            self.runtime[p].decay(s.global_forgetting)
            self.failure.decay(p, s.global_forgetting)
        rt = self.runtime[platform]
        rt.decay(s.own_forgetting)
        self.failure.decay(platform, s.own_forgetting)
        x = design_matrix(emb)
        one = np.ones(1)
        if ok:
            y = math.log(t)
            if rt.n >= 3.0:
                rt.check_drift(x, y)
            rt.add(x[None, :], np.array([y]), one)
        self.failure.add(platform, log10_gb(emb), np.array([0.0 if ok else 1.0]), one)
        self._count(platform, workload_class(emb), np.array([t]), np.array([ok]))
        self.n_observed += 1

    def _count(self, platform: str, cls: np.ndarray, t: np.ndarray, ok: np.ndarray) -> None:
        np.add.at(self.class_runs[platform], cls, 1.0)
        np.add.at(self.class_fails[platform], cls, (~ok).astype(np.float64))
        np.add.at(self.class_time[platform], cls[ok], t[ok])
        np.add.at(self.class_ok[platform], cls[ok], 1.0)
        self.total_runs[platform] += len(cls)

    # -- predicting -------------------------------------------------------------

    def evidence(self, platform: str) -> float:
        """Effective (decayed) number of successful runs behind the runtime model."""
        self._ensure(platform)
        return self.runtime[platform].n

    def sample_penalized(
        self, platform: str, x: np.ndarray, z: np.ndarray
    ) -> tuple[np.ndarray, dict[str, float]]:
        """Posterior draws of expected penalized runtime for design row ``x``.

        ``z`` is a (3, S) or (4, S) array of standard normals supplied by the caller (so
        draws are reproducible); a fourth row, the same for every platform, drives the
        shared failure term. Returns the S draws and point
        summaries (median runtime, mean runtime, failure probability).
        """
        self._ensure(platform)
        s = self.settings
        m, cov, a, b = self.runtime[platform].posterior()
        mean_log = float(x @ m)
        q = float(x @ cov @ x)
        # var ~ InvGamma(a, b) via a Wilson-Hilferty gamma draw from a standard normal.
        g = a * (1.0 - 1.0 / (9.0 * a) + z[0] / math.sqrt(9.0 * a)) ** 3
        var = np.minimum(b / np.maximum(g, 1e-3), s.max_noise_var)
        log_mu = mean_log + np.sqrt(var * q + s.model_error_sd**2) * z[1]
        runtime = np.exp(np.minimum(log_mu + var / 2.0, 25.0))
        p_fail, p_hat = self.sample_failure(platform, x, z)
        var_hat = min(b / max(a - 1.0, 1e-6), s.max_noise_var)
        # Point estimates at the posterior mean weights: parameter uncertainty is reported
        # separately (the spread of the draws), so a wide prior does not inflate them.
        expected = math.exp(min(mean_log + var_hat / 2.0, 25.0))
        limit = TIME_LIMITS_S.get(platform)
        if limit is not None:
            # A run past the platform's time limit is killed: it costs the limit plus the
            # failure penalty. Its chance comes from the runtime model's spread for one
            # run (noise plus what the model does not know), so a job predicted near the
            # limit already carries the risk instead of only one predicted past it.
            log_lim = math.log(limit)
            p_over = _norm_sf((log_lim - log_mu) / np.sqrt(var))
            runtime = runtime * (1.0 - p_over) + limit * p_over
            p_fail = 1.0 - (1.0 - p_fail) * (1.0 - p_over)
            sd_hat = math.sqrt(var_hat * (1.0 + q) + s.model_error_sd**2)
            p_over_hat = float(_norm_sf((log_lim - mean_log) / sd_hat))
            expected = expected * (1.0 - p_over_hat) + limit * p_over_hat
            p_hat = 1.0 - (1.0 - p_hat) * (1.0 - p_over_hat)
        draws = runtime + FAILURE_PENALTY_S * p_fail
        point = {
            "median_runtime_s": math.exp(min(mean_log, 25.0)),
            "expected_runtime_s": expected,
            "failure_probability": p_hat,
            "expected_penalized_runtime_s": expected + FAILURE_PENALTY_S * p_hat,
        }
        return draws, point

    def sample_failure(
        self, platform: str, x: np.ndarray, z: np.ndarray
    ) -> tuple[np.ndarray, float]:
        """Draws of P(fail) for design row ``x`` from ``z[2]`` (and the shared ``z[3]``),
        with its posterior mean.

        ``z[3]`` is the same for every platform: the part of the uncertainty that comes
        from the shared base rate moves all platforms together, so it does not change
        which one is best."""
        self._ensure(platform)
        size = float(log10_gb(x)[0])
        shared = z[3] if len(z) > 3 else None
        return self.failure.sample(platform, size, z[2], shared)

    def class_summary(self, platform: str, cls: int) -> dict[str, Any]:
        """Past runs of this class on ``platform``: count, mean time, failure rate."""
        self._ensure(platform)
        runs = int(self.class_runs[platform][cls])
        ok = self.class_ok[platform][cls]
        return {
            "n_similar_runs": runs,
            "mean_runtime_s": float(self.class_time[platform][cls] / ok) if ok else None,
            "failure_rate": float(self.class_fails[platform][cls] / runs) if runs else None,
        }

    # -- persisted state (strands_airflow.agents.decision.learned_state) --------------

    def state_dict(self) -> dict[str, np.ndarray]:
        """Every statistic as named arrays (``runtime/glue/Sxx``, ``n_observed``, ...).

        Walks the model objects generically (see :mod:`.state_codec`): attributes named
        ``_*`` are caches and not saved. :meth:`from_state` is the inverse.
        """
        from strands_airflow.agents.decision.state_codec import flatten

        return flatten(self)

    @classmethod
    def from_state(
        cls, arrays: dict[str, np.ndarray], settings: LearnerSettings | None = None
    ) -> PlatformLearner:
        """A learner holding ``arrays`` (from :meth:`state_dict`); raises
        ``StateSchemaError`` when they do not fit this learner's attributes exactly."""
        from strands_airflow.agents.decision.state_codec import restore

        learner = cls(settings)
        for path in arrays:
            head, _, rest = path.partition("/")
            table = getattr(learner, head, None)
            if isinstance(table, dict) and rest and rest.split("/")[0] not in table:
                learner._ensure(rest.split("/")[0])
        restore(learner, arrays)
        return learner

    def schema_fingerprint(self) -> str:
        """Changes whenever a saved state may not mean the same to this learner: its
        settings, its attributes (names, shapes, initial values), or its code."""
        import sys

        from strands_airflow.agents.decision import failure, priors
        from strands_airflow.agents.decision.state_codec import fingerprint

        modules = [sys.modules[__name__], priors, failure]
        code = [
            value
            for module in modules
            for _, value in sorted(vars(module).items())
            if callable(value) and getattr(value, "__module__", None) == module.__name__
        ]
        return fingerprint([self.settings], lambda: type(self)(self.settings), code, 1)
