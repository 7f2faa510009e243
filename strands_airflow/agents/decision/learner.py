"""Online Bayesian learner: per platform, runtime and failure models over workload features.

For every platform the learner keeps

- a Bayesian linear regression of log(runtime) of successful runs on the design features
  (normal-inverse-gamma posterior, prior from :mod:`.priors`), as decayed sufficient
  statistics, so an update costs O(D^2) and a prediction O(D^2) whatever the history size;
- a Bayesian logistic regression of failure (Gaussian / Laplace posterior, one Newton
  update per run, a few for a batch) on top of a failure offset shared by all platforms
  (part of the base rate is common: bad input, permissions, flaky sources), so runs on
  any platform teach every platform's base rate and a single unlucky failure weighs
  less than the common evidence;
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

from strands_airflow.agents.decision.priors import (
    LAMBDA_LIMIT_S,
    N_CELLS,
    design_matrix,
    failure_base,
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
N_BANDS = N_CELLS // 9


def failure_design(X: np.ndarray) -> np.ndarray:
    """Failure-model inputs from full design rows: the few smooth columns plus a one-hot
    of the size band (so a failure step at some size stays at that size)."""
    X2 = np.atleast_2d(X)
    bands = X2[:, -N_CELLS:].reshape(len(X2), N_BANDS, 9).sum(axis=2)
    out = np.concatenate([failure_base(X2), bands], axis=1)
    return out[0] if X.ndim == 1 else out


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
    failure_base_sd: float = 1.0  # prior sd of the failure base rate (logit): ~x3 either way
    # Of that sd, the part shared by all platforms: failures every platform sees alike
    # (bad input, permissions, flaky sources) are learned from runs on any of them, so a
    # platform with few runs is not judged on a single unlucky failure of its own.
    shared_failure_sd: float = 0.75
    failure_prior_sd: float = 0.35  # prior sd of each other failure-logit weight
    band_failure_sd: float = 0.6  # prior sd of one size band's failure-logit offset
    batch_chunk: int = 50_000  # rows per step when loading a long history
    drift_alpha: float = 0.15  # EWMA weight of the newest standardised residual
    drift_threshold: float = 1.6  # |EWMA| beyond this = the platform changed
    drift_keep: float = 0.1  # share of old runtime evidence kept on drift
    max_noise_var: float = 4.0  # cap on sampled noise variance (exp(var/2) blows up)
    # The model is a simplification: even with endless data its mean runtime for one
    # workload can be off by ~this much (log scale). Keeps confidence honest and leaves a
    # little exploration between platforms the model cannot truly tell apart.
    model_error_sd: float = 0.15
    model_error_logit_sd: float = 0.3


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


class FailureModel:
    """Bayesian logistic regression of failure with a Gaussian (Laplace) posterior."""

    def __init__(self, w0: np.ndarray, s: LearnerSettings) -> None:
        self.mu0 = np.concatenate([w0.astype(np.float64), np.zeros(N_BANDS)])
        sd = np.concatenate(
            [np.full(len(w0), s.failure_prior_sd), np.full(N_BANDS, s.band_failure_sd)]
        )
        # The base rate is the least known part; what is not shared is the platform's own.
        sd[0] = math.sqrt(max(s.failure_base_sd**2 - s.shared_failure_sd**2, 0.05**2))
        self.P0 = np.diag(1.0 / sd**2)
        self.mu = self.mu0.copy()
        self.P = self.P0.copy()
        self._cov: np.ndarray | None = None

    def decay(self, factor: float) -> None:
        """Move the precision back toward the prior's (stabilised forgetting)."""
        if factor >= 1.0:
            return
        self.P = factor * self.P + (1.0 - factor) * self.P0
        self._cov = None

    def add(
        self,
        X: np.ndarray,
        failed: np.ndarray,
        w: np.ndarray,
        iters: int = 3,
        offset: np.ndarray | float = 0.0,
    ) -> None:
        """Laplace update with weighted runs: a few Newton steps from the current mean.

        ``offset`` is added to every row's logit (the shared failure term)."""
        mu_prev, P_prev = self.mu, self.P
        theta = mu_prev.copy()
        for _ in range(iters):
            p = 1.0 / (1.0 + np.exp(-np.clip(X @ theta + offset, -30, 30)))
            grad = P_prev @ (theta - mu_prev) - X.T @ (w * (failed - p))
            H = P_prev + (X * (w * p * (1 - p))[:, None]).T @ X
            theta = theta - np.linalg.solve(H, grad)
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ theta + offset, -30, 30)))
        self.P = P_prev + (X * (w * p * (1 - p))[:, None]).T @ X
        self.mu = theta
        self._cov = None

    def cov(self) -> np.ndarray:
        """Posterior covariance of the logit weights."""
        if self._cov is None:
            self._cov = np.linalg.inv(self.P)
        return self._cov


class SharedFailure:
    """One failure-logit offset shared by every platform (Gaussian posterior, 1-D Laplace)."""

    def __init__(self, sd: float) -> None:
        self.P0 = 1.0 / max(sd, 1e-3) ** 2
        self.mu = 0.0
        self.P = self.P0

    @property
    def var(self) -> float:
        return 1.0 / self.P

    def decay(self, factor: float) -> None:
        """Move the precision back toward the prior's, as :meth:`FailureModel.decay`."""
        if factor < 1.0:
            self.P = factor * self.P + (1.0 - factor) * self.P0

    def add(self, offsets: np.ndarray, failed: np.ndarray, w: np.ndarray, iters: int = 3) -> None:
        """Update with runs whose platform-specific logit is ``offsets``."""
        mu_prev, P_prev = self.mu, self.P
        g = mu_prev
        for _ in range(iters):
            p = 1.0 / (1.0 + np.exp(-np.clip(offsets + g, -30, 30)))
            grad = P_prev * (g - mu_prev) - float(w @ (failed - p))
            H = P_prev + float(w @ (p * (1 - p)))
            g -= grad / H
        p = 1.0 / (1.0 + np.exp(-np.clip(offsets + g, -30, 30)))
        self.P = P_prev + float(w @ (p * (1 - p)))
        self.mu = float(g)


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
        self.failure: dict[str, FailureModel] = {}
        self.class_runs: dict[str, np.ndarray] = {}
        self.class_fails: dict[str, np.ndarray] = {}
        self.class_time: dict[str, np.ndarray] = {}
        self.class_ok: dict[str, np.ndarray] = {}
        self.total_runs: dict[str, int] = {}
        self.shared_failure = SharedFailure(self.settings.shared_failure_sd)
        self.n_observed = 0
        for platform in prior_weights():
            self._ensure(platform)

    def _ensure(self, platform: str) -> None:
        if platform in self.runtime:
            return
        priors = prior_weights()
        # An unknown platform id in old history gets a neutral prior (glue-like).
        w_time, w_fail = priors.get(platform, priors["glue"])
        self.runtime[platform] = RuntimeModel(w_time, self.settings)
        self.failure[platform] = FailureModel(w_fail, self.settings)
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
        fail_rows: list[tuple] = []
        for p in np.unique(plat):
            self._ensure(str(p))
            rt, fm = self.runtime[str(p)], self.failure[str(p)]
            sel = plat == p
            k = int(sel.sum())
            own_age = (k - 1) - np.arange(k)
            w = s.global_forgetting ** age_all[sel] * s.own_forgetting**own_age
            rt.decay(s.global_forgetting**n * s.own_forgetting**k)
            good = ok[sel]
            rt.add(X[sel][good], np.log(t[sel][good]), w[good])
            fm.decay(s.global_forgetting**n * s.own_forgetting**k)
            fail_rows.append((fm, fm.mu, fm.P, failure_design(X[sel]), (~good).astype(float), w))
            self._count(str(p), cls[sel], t[sel], good)
        for p in self.runtime:
            if p not in set(plat.tolist()):
                self.runtime[p].decay(s.global_forgetting**n)
                self.failure[p].decay(s.global_forgetting**n)
        self._fit_failures(fail_rows, s.global_forgetting**n)
        self.n_observed += n

    def _fit_failures(self, rows: list[tuple], shared_decay: float) -> None:
        """Joint Laplace update of the shared failure offset and each platform's weights.

        Block-coordinate: each block is refitted from its state before the batch given the
        other blocks' current means, so no run is counted twice; the result matches
        learning the same runs one by one closely.
        """
        sh = self.shared_failure
        sh.decay(shared_decay)
        g0, Pg0 = sh.mu, sh.P
        failed_all = np.concatenate([r[4] for r in rows])
        w_all = np.concatenate([r[5] for r in rows])
        for _ in range(4):
            for fm, mu0, P0, Xf, failed, w in rows:
                fm.mu, fm.P = mu0, P0
                fm.add(Xf, failed, w, iters=6, offset=sh.mu)
            offsets = np.concatenate([r[3] @ r[0].mu for r in rows])
            sh.mu, sh.P = g0, Pg0
            sh.add(offsets, failed_all, w_all, iters=6)

    def _observe_one(self, emb: np.ndarray, platform: str, t: float, ok: bool) -> None:
        self._ensure(platform)
        s = self.settings
        for p in self.runtime:
            self.runtime[p].decay(s.global_forgetting)
            self.failure[p].decay(s.global_forgetting)
        self.shared_failure.decay(s.global_forgetting)
        rt, fm = self.runtime[platform], self.failure[platform]
        rt.decay(s.own_forgetting)
        fm.decay(s.own_forgetting)
        x = design_matrix(emb)
        one = np.ones(1)
        if ok:
            y = math.log(t)
            if rt.n >= 3.0:
                rt.check_drift(x, y)
            rt.add(x[None, :], np.array([y]), one)
        xf = failure_design(x[None, :])
        failed = np.array([0.0 if ok else 1.0])
        self.shared_failure.add(xf @ fm.mu, failed, one)
        fm.add(xf, failed, one, offset=self.shared_failure.mu)
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
        p_fail, f_mean, f_sd = self.sample_failure(platform, x, z)
        var_hat = min(b / max(a - 1.0, 1e-6), s.max_noise_var)
        # Point estimates at the posterior mean weights: parameter uncertainty is reported
        # separately (the spread of the draws), so a wide prior does not inflate them.
        expected = math.exp(min(mean_log + var_hat / 2.0, 25.0))
        p_hat = 1.0 / (1.0 + math.exp(-f_mean / math.sqrt(1.0 + math.pi * f_sd**2 / 8.0)))
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
    ) -> tuple[np.ndarray, float, float]:
        """Draws of P(fail) for design row ``x`` from ``z[2]`` (and the shared ``z[3]``),
        with the logit's posterior mean and sd."""
        s = self.settings
        fm = self.failure[platform]
        xf = failure_design(x)
        sh = self.shared_failure
        f_mean = float(xf @ fm.mu) + sh.mu
        f_sd = math.sqrt(max(float(xf @ fm.cov() @ xf), 0.0) + sh.var + s.model_error_logit_sd**2)
        if len(z) > 3:
            # z[3] is the same for every platform: the shared failure term's uncertainty
            # moves all platforms together and does not change which one is best.
            own_sd = math.sqrt(max(f_sd**2 - sh.var, 0.0))
            logit = f_mean + own_sd * z[2] + math.sqrt(sh.var) * z[3]
        else:
            logit = f_mean + f_sd * z[2]
        return 1.0 / (1.0 + np.exp(-logit)), f_mean, f_sd

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

        from strands_airflow.agents.decision import priors
        from strands_airflow.agents.decision.state_codec import fingerprint

        modules = [sys.modules[__name__], priors]
        code = [
            value
            for module in modules
            for _, value in sorted(vars(module).items())
            if callable(value) and getattr(value, "__module__", None) == module.__name__
        ]
        return fingerprint([self.settings], lambda: type(self)(self.settings), code, 1)
