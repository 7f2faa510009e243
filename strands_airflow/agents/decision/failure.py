"""Why runs fail, per platform: a base rate plus a size limit, on an exact grid posterior.

Runs fail for two kinds of reasons. Some happen at any size and mostly on every platform
alike (bad input, permissions, a flaky source): a *base rate*. Others start at a size:
local DuckDB or Lambda run out of memory, a cluster gets flaky on very large inputs: a
*size limit*, a step in the failure rate whose place nobody knows exactly. A smooth
logistic regression over size cannot hold both: failures past a limit leak into its
estimate of the base rate of mid-sized jobs, and its prior either pins the limit where
the rules of thumb put it or forgets it. So the model says what it means:

    P(fail | size s) = 1 - (1 - sigmoid(b)) * (1 - h * sigmoid(k * ln(s / L)))

with, per platform, the base-rate logit ``b``, the limit ``L`` (GB, or none), its
sharpness ``k`` and height ``h`` (1: a hard limit; below 1: flaky past it). The
posterior over (b, L, k, h) is computed exactly on a grid (~10k cells per platform).
Platforms share their base rates hierarchically: ``b = g + offset + own deviation``, where
``g`` is common to all platforms (also on a grid) and the own deviation has a small
prior spread, so runs on any platform teach every platform's base rate, and a single
unlucky failure on a little-used platform weighs less than the common evidence.

Sufficient statistics: per platform, decayed counts of successful and failed runs per
size bin (0.1 decade wide). An update is O(cells); a prediction sorts one platform's
cells by their failure probability at the query size, so Thompson draws are quantiles of
the exact posterior predictive.

Priors come from the rules of thumb (:mod:`.priors`): a platform with a known memory
limit (local, Lambda) has its limit within about x10 of the rule's; one without
(Glue, EMR Serverless, Spark) may still have one, with a 15% prior chance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from strands_airflow.agents.decision.cost import norm_sf
from strands_airflow.agents.decision.priors import failure_rule

#: Size bins of the counts: log10(GB) from -3 (1 MB) to 5 (100 TB), 0.1 decade wide.
BIN_LO, BIN_STEP, N_BINS = -3.0, 0.1, 80
BIN_CENTRES = BIN_LO + BIN_STEP * (np.arange(N_BINS) + 0.5)
#: Grid of the base-rate logit b (p from 0.06% to 98%) and of the shared centre g.
B_GRID = np.arange(-7.5, 4.2, 0.3)
G_GRID = np.arange(-7.0, 0.01, 0.25)
#: Size limit L (log10 GB, 30 MB .. 30 TB), sharpness k (logit per e-fold of size) and
#: height h (1 = nothing past the limit succeeds; 0.5 = every other run fails).
L_GRID = np.arange(-1.5, 4.51, 0.2)
K_GRID = np.array([1.5, 3.0, 6.0])
H_GRID = np.array([0.2, 0.5, 1.0])
N_REST = len(L_GRID) * len(K_GRID) * len(H_GRID) + 1  # + "no limit"
_LN10 = math.log(10.0)
_L, _K, _H = (a.ravel() for a in np.meshgrid(L_GRID, K_GRID, H_GRID, indexing="ij"))


@dataclass(frozen=True)
class FailureSettings:
    """Prior spreads of the failure model (generic, not fitted to one benchmark)."""

    shared_sd: float = 1.0  # prior sd of the common base-rate logit g: ~x3 either way
    own_sd: float = 0.3  # how far one platform's base rate strays from the common one (~x1.35)
    limit_sd_decades: float = 1.0  # a rule of thumb's size limit is right within ~x10
    no_limit_prior: float = 0.85  # P(no size limit) for a platform whose rules name none
    limited_no_limit_prior: float = 0.05  # the same for a platform with a known limit


def _sigmoid(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))


def limit_failure(log10_gb: float | np.ndarray) -> np.ndarray:
    """P(fail from the size limit) per "rest" cell (L, k, h; the last cell: no limit) at
    ``log10_gb``: shape (N_REST,) for a scalar, (n, N_REST) for an array."""
    s = np.atleast_1d(np.asarray(log10_gb, dtype=np.float64))
    p = _H[None, :] * _sigmoid(_K[None, :] * _LN10 * (s[:, None] - _L[None, :]))
    out = np.concatenate([p, np.zeros((len(s), 1))], axis=1)
    return out[0] if np.ndim(log10_gb) == 0 else out


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """log P(fail) and log P(ok) per (size bin, b, rest cell), shape (N_BINS, nb * N_REST)."""
    rest = limit_failure(BIN_CENTRES)  # (bins, rest)
    base = _sigmoid(B_GRID)  # (nb,)
    ok = (1.0 - base)[None, :, None] * (1.0 - rest)[:, None, :]
    ok = np.clip(ok, 1e-12, 1.0 - 1e-12).reshape(N_BINS, -1)
    return np.log1p(-ok), np.log(ok)


def size_bins(log10_gb: np.ndarray) -> np.ndarray:
    """Bin index of each log10(GB) value (clipped to the table's range)."""
    idx = np.floor((np.asarray(log10_gb, dtype=np.float64) - BIN_LO) / BIN_STEP)
    return np.clip(idx, 0, N_BINS - 1).astype(int)


def _normal(grid: np.ndarray, mean: float, sd: float) -> np.ndarray:
    w = np.exp(-0.5 * ((grid - mean) / sd) ** 2)
    return w / w.sum()


class _Platform:
    """One platform's counts, prior and cached log-likelihood over its grid."""

    def __init__(self, base_logit_offset: float, rest_prior: np.ndarray) -> None:
        self.ok = np.zeros(N_BINS)
        self.fail = np.zeros(N_BINS)
        self.offset = base_logit_offset
        self.rest_prior = rest_prior
        self.loglik = np.zeros(len(B_GRID) * N_REST)

    def recompute(self) -> None:
        log_fail, log_ok = _tables()
        used = np.flatnonzero((self.ok > 0) | (self.fail > 0))
        self.loglik = self.ok[used] @ log_ok[used] + self.fail[used] @ log_fail[used]


class FailurePosterior:
    """The failure model of every platform (see the module docstring).

    Example::

        fp = FailurePosterior()
        fp.add("glue", np.array([1.5]), np.array([0.0]), np.ones(1))   # one 30 GB success
        draws, p_hat = fp.sample("glue", 1.5, z)                        # z: standard normals
    """

    def __init__(self, settings: FailureSettings | None = None) -> None:
        self.s = settings or FailureSettings()
        self.platforms: dict[str, _Platform] = {}
        self._post: dict[str, np.ndarray] | None = None
        self._shared_share: dict[str, float] = {}
        rules = [failure_rule(p) for p in ("local", "glue", "emr_serverless", "lambda", "spark")]
        self.g0 = float(np.mean([math.log(r[0] / (1.0 - r[0])) for r in rules]))
        self.g_prior = _normal(G_GRID, self.g0, self.s.shared_sd)

    # -- structure -----------------------------------------------------------------

    def ensure(self, platform: str) -> _Platform:
        if platform not in self.platforms:
            base, limit_gb = failure_rule(platform)
            n_lim = N_REST - 1
            if limit_gb is None:
                rest = np.full(N_REST, (1.0 - self.s.no_limit_prior) / n_lim)
                rest[-1] = self.s.no_limit_prior
            else:
                w = np.exp(-0.5 * ((_L - math.log10(limit_gb)) / self.s.limit_sd_decades) ** 2)
                w *= np.where(_H >= 1.0, 0.7, 0.15)  # a memory limit is mostly hard
                rest = np.append(
                    w / w.sum() * (1.0 - self.s.limited_no_limit_prior),
                    self.s.limited_no_limit_prior,
                )
            offset = math.log(base / (1.0 - base)) - self.g0
            self.platforms[platform] = _Platform(offset, rest)
            self._post = None
        return self.platforms[platform]

    # -- learning ------------------------------------------------------------------

    def decay(self, platform: str, factor: float) -> None:
        """Shrink ``platform``'s evidence by ``factor`` (0..1): old runs weigh less."""
        if factor >= 1.0:
            return
        pl = self.ensure(platform)
        pl.ok *= factor
        pl.fail *= factor
        pl.loglik *= factor
        self._post = None

    def add(
        self, platform: str, log10_gb: np.ndarray, failed: np.ndarray, weights: np.ndarray
    ) -> None:
        """Add weighted runs (``failed`` 0/1) at sizes ``log10_gb``."""
        pl = self.ensure(platform)
        bins = size_bins(log10_gb)
        f = np.asarray(failed, dtype=np.float64)
        w = np.asarray(weights, dtype=np.float64)
        np.add.at(pl.fail, bins, w * f)
        np.add.at(pl.ok, bins, w * (1.0 - f))
        if len(bins) == 1:  # one run: update the cached likelihood in place
            log_fail, log_ok = _tables()
            pl.loglik = pl.loglik + float(w[0]) * (
                log_fail[bins[0]] if f[0] > 0.5 else log_ok[bins[0]]
            )
        else:
            pl.recompute()
        self._post = None

    # -- posterior -----------------------------------------------------------------

    def _posteriors(self) -> dict[str, np.ndarray]:
        """Per platform: posterior weights over its (b, rest) cells, shared g integrated out."""
        if self._post is not None:
            return self._post
        nb = len(B_GRID)
        lik: dict[str, np.ndarray] = {}
        A: dict[str, np.ndarray] = {}
        M: dict[str, np.ndarray] = {}
        log_g = np.log(self.g_prior + 1e-300)
        for name, pl in self.platforms.items():
            ll = pl.loglik.reshape(nb, N_REST)
            L = np.exp(ll - ll.max()) * pl.rest_prior[None, :]
            # P(b | g): normal around g + offset, renormalised on the b grid
            a = np.exp(
                -0.5 * ((B_GRID[None, :] - G_GRID[:, None] - pl.offset) / self.s.own_sd) ** 2
            )
            a /= a.sum(axis=1, keepdims=True)
            m = L.sum(axis=1)  # (nb,) likelihood of each b, limits integrated out
            Mg = a @ m  # (ng,)
            lik[name], A[name], M[name] = L, a, Mg
            log_g = log_g + np.log(Mg + 1e-300)
        post_g = np.exp(log_g - log_g.max())
        post_g /= post_g.sum()
        out: dict[str, np.ndarray] = {}
        var_g = float(post_g @ G_GRID**2 - (post_g @ G_GRID) ** 2)
        for name in self.platforms:
            wb = A[name].T @ (post_g / (M[name] + 1e-300))  # (nb,)
            w = lik[name] * wb[:, None]
            w /= w.sum()
            out[name] = w.ravel()
            mb = w.sum(axis=1)
            var_b = float(mb @ B_GRID**2 - (mb @ B_GRID) ** 2)
            # The share of this platform's base-rate uncertainty that all platforms share.
            self._shared_share[name] = min(var_g / max(var_b, 1e-9), 1.0)
        self._post = out
        return out

    def predict(self, platform: str, log10_gb: float) -> tuple[np.ndarray, np.ndarray]:
        """(P(fail) per cell at this size, posterior weight per cell)."""
        self.ensure(platform)
        w = self._posteriors()[platform]
        rest = limit_failure(float(log10_gb))
        ok = (1.0 - _sigmoid(B_GRID))[:, None] * (1.0 - rest)[None, :]
        return (1.0 - ok).ravel(), w

    def sample(
        self,
        platform: str,
        log10_gb: float,
        z: np.ndarray,
        z_shared: np.ndarray | None = None,
    ) -> tuple[np.ndarray, float]:
        """Draws of P(fail) at this size and its posterior mean.

        A draw is the posterior quantile at Phi(z) (so ``z`` scaled toward 0 draws closer to
        the median). ``z_shared``, the same for every platform, carries the part of the
        uncertainty that the shared base rate brings, so it moves all platforms alike."""
        p, w = self.predict(platform, log10_gb)
        mean = float(w @ p)
        live = w > 1e-12 * w.max()  # cells the posterior has ruled out do not move a quantile
        p, w = p[live], w[live]
        if z_shared is not None:
            rho = self._shared_share.get(platform, 0.0)
            z = math.sqrt(1.0 - rho) * np.asarray(z) + math.sqrt(rho) * np.asarray(z_shared)
        order = np.argsort(p, kind="stable")
        cdf = np.cumsum(w[order])
        u = norm_sf(-np.asarray(z, dtype=np.float64))
        idx = np.minimum(np.searchsorted(cdf, u * cdf[-1]), len(p) - 1)
        return p[order][idx], mean

    def nearby_runs(self, platform: str, log10_gb: float, decades: float = 0.3) -> float:
        """Effective (decayed) number of runs on ``platform`` within ``decades`` of this size."""
        pl = self.ensure(platform)
        i = int(size_bins(np.array([log10_gb]))[0])
        r = int(round(decades / BIN_STEP))
        lo, hi = max(i - r, 0), min(i + r + 1, N_BINS)
        return float(pl.ok[lo:hi].sum() + pl.fail[lo:hi].sum())

    def base_rate(self, platform: str) -> float:
        """Posterior mean of the platform's size-independent failure rate."""
        self.ensure(platform)
        w = self._posteriors()[platform].reshape(len(B_GRID), N_REST).sum(axis=1)
        return float(w @ _sigmoid(B_GRID))
