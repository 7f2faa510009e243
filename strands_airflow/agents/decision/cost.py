"""What a run costs: list-price tariffs from the pricing module plus a learned correction.

Cost is modelled as *runtime x price*, not as a separate regression of log-cost:

- the bill is a known function of the runtime (Glue: DPUs x max(seconds, 60) x price;
  EMR Serverless: vCPU- and GB-hours; Lambda: GB-seconds + a request fee; local: the
  worker's share per hour), so every run, with or without a recorded cost, teaches the
  cost through the runtime model, and the 1-minute minimum and Lambda's kill at 15
  minutes stay exact instead of being smoothed away by a log-linear fit;
- what the list price does not know (more workers than the defaults, the utilisation
  EMR really billed, a Glue Flex discount, a negotiated rate) is a multiplicative
  correction, learned per platform from ``cost_estimate_usd / list price of the same
  seconds`` of every run that recorded a cost. It is a small Kalman filter on the log
  ratio over a few workload features with a random walk per run, so a price change is
  followed within about ten runs and an unchanged price converges to its value.

At cold start the correction is 1: the cost is the pricing module's estimate for the
platform's settings (worker type and count, Lambda memory) at the predicted runtime.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from strands_airflow.execution.pricing import DEFAULT_PRICES, estimate_cost, get_prices
from strands_airflow.vectors.features import FEATURE_NAMES

_IDX = {name: i for i, name in enumerate(FEATURE_NAMES)}
_ALIASES = {"emr": "emr_serverless", "duckdb": "local", "aws_lambda": "lambda"}


@dataclass(frozen=True)
class Tariff:
    """A platform's bill for a run of T seconds: ``usd_per_s * max(T, minimum_s) + fixed_usd``."""

    usd_per_s: float
    minimum_s: float = 0.0
    fixed_usd: float = 0.0

    def bill(self, seconds: np.ndarray | float) -> np.ndarray:
        """List-price USD of runs of ``seconds``."""
        t = np.maximum(np.asarray(seconds, dtype=np.float64), self.minimum_s)
        return self.usd_per_s * t + self.fixed_usd


def tariff(
    platform: str,
    settings: Mapping[str, Any] | None = None,
    prices: Mapping[str, Any] | None = None,
) -> Tariff:
    """The tariff of ``platform`` read off :func:`~strands_airflow.execution.pricing.estimate_cost`
    (so the pricing module stays the one place that knows prices)."""
    table = dict(prices) if prices is not None else DEFAULT_PRICES
    s = dict(settings or {})
    one = estimate_cost(platform, 3600.0, settings=s, prices=table)
    two = estimate_cost(platform, 7200.0, settings=s, prices=table)
    if one is None or two is None:
        return Tariff(0.0)
    rate = max((two - one) / 3600.0, 0.0)
    minimum = float((table.get(platform) or {}).get("minimum_billed_seconds", 0.0) or 0.0)
    return Tariff(rate, minimum, max(one - rate * 3600.0, 0.0))


def norm_sf(z: np.ndarray | float) -> np.ndarray:
    """Upper tail of the standard normal, vectorised (Abramowitz-Stegun 7.1.26, |err| < 2e-7)."""
    x = np.asarray(z, dtype=np.float64) / math.sqrt(2.0)
    ax = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * ax)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erfc_ax = poly * np.exp(-ax * ax)
    return np.where(x >= 0, 0.5 * erfc_ax, 1.0 - 0.5 * erfc_ax)


def expected_billed_seconds(
    log_median: np.ndarray | float,
    sd: np.ndarray | float,
    minimum_s: float = 0.0,
    limit_s: float | None = None,
) -> np.ndarray:
    """E[clip(T, minimum_s, limit_s)] for log-normal T (median ``exp(log_median)``, log-sd ``sd``).

    The minimum is the billing floor (Glue's minute); the limit a kill (Lambda's 15
    minutes: a run still going then is billed up to the limit and fails).
    """
    mu = np.asarray(log_median, dtype=np.float64)
    s = np.maximum(np.asarray(sd, dtype=np.float64), 1e-6)
    mean = np.exp(np.minimum(mu + s * s / 2.0, 30.0))
    lo_cdf: np.ndarray | float = 0.0
    lo_part: np.ndarray | float = 0.0
    if minimum_s > 0:
        a = (math.log(minimum_s) - mu) / s
        lo_cdf = 1.0 - norm_sf(a)
        lo_part = 1.0 - norm_sf(a - s)  # share of E[T] below the floor
    hi_sf: np.ndarray | float = 0.0
    hi_part: np.ndarray | float = 1.0
    if limit_s is not None:
        b = (math.log(limit_s) - mu) / s
        hi_sf = norm_sf(b)
        hi_part = 1.0 - norm_sf(b - s)
    mid = mean * np.maximum(hi_part - lo_part, 0.0)
    out = minimum_s * lo_cdf + mid + (limit_s or 0.0) * hi_sf
    return np.asarray(out, dtype=np.float64)


def correction_features(embedding: np.ndarray) -> np.ndarray:
    """Inputs of the price correction: intercept, log volume, PySpark share."""
    emb = np.atleast_2d(np.asarray(embedding, dtype=np.float64))
    return np.stack(
        [np.ones(len(emb)), emb[:, _IDX["log_volume"]] - 0.5, emb[:, _IDX["pyspark"]] - 0.5],
        axis=1,
    )


@dataclass(frozen=True)
class CostSettings:
    """Knobs of the price correction (generic, not fitted to a benchmark)."""

    prior_sd: tuple[float, float, float] = (0.7, 0.3, 0.3)  # list price right within ~x2
    walk_sd: tuple[float, float, float] = (0.03, 0.01, 0.01)  # random walk per own run
    noise_sd: float = 0.15  # one run's log(cost / list) scatter around the model


class _Correction:
    """Kalman filter of log(recorded cost / list cost) over :func:`correction_features`."""

    def __init__(self, s: CostSettings) -> None:
        self.mu = np.zeros(3)
        self.P = np.diag(np.square(s.prior_sd))
        self.Q = np.diag(np.square(s.walk_sd))
        self.R = s.noise_sd**2
        self.n = 0

    def add(self, h: np.ndarray, y: float) -> None:
        self.P = self.P + self.Q
        Ph = self.P @ h
        gain = Ph / (float(h @ Ph) + self.R)
        self.mu = self.mu + gain * (y - float(h @ self.mu))
        self.P = self.P - np.outer(gain, Ph)
        self.n += 1

    def predict(self, h: np.ndarray) -> tuple[float, float]:
        return float(h @ self.mu), math.sqrt(max(float(h @ self.P @ h), 0.0))


class CostLearner:
    """Per platform: its tariff (from prices and settings) and the learned correction.

    Example::

        costs = CostLearner()
        costs.observe(embeddings, platforms, seconds, recorded_usd)   # NaN = not recorded
        costs.tariff("glue"), costs.correction("glue", embedding)     # -> Tariff, (mean, sd)
    """

    def __init__(
        self,
        prices: Mapping[str, Any] | None = None,
        settings: CostSettings | None = None,
    ) -> None:
        # Partial tables (``{"glue": {"usd_per_dpu_hour": 0.29}}``) merge over the defaults.
        self.prices = get_prices(dict(prices) if prices else None)
        self.s = settings or CostSettings()
        self._platform_settings: dict[str, dict[str, Any]] = {}
        self._tariffs: dict[str, Tariff] = {}
        self._corr: dict[str, _Correction] = {}

    def set_platform_settings(self, platform: str, settings: Mapping[str, Any]) -> None:
        """Use ``settings`` (the config's section: worker type and count, memory) from now on."""
        settings = dict(settings)
        if self._platform_settings.get(platform) != settings:
            self._platform_settings[platform] = settings
            self._tariffs.pop(platform, None)

    def tariff(self, platform: str) -> Tariff:
        """List-price tariff of ``platform`` with its current settings."""
        if platform not in self._tariffs:
            self._tariffs[platform] = tariff(
                platform, self._platform_settings.get(platform), self.prices
            )
        return self._tariffs[platform]

    def _get(self, platform: str) -> _Correction:
        if platform not in self._corr:
            self._corr[platform] = _Correction(self.s)
        return self._corr[platform]

    def correction(self, platform: str, embedding: np.ndarray) -> tuple[float, float]:
        """(mean, sd) of log(true cost / list cost) for one workload embedding."""
        return self._get(platform).predict(correction_features(embedding)[0])

    def runs_with_cost(self, platform: str) -> int:
        """How many recorded costs taught ``platform``'s correction."""
        return self._get(platform).n

    def observe(
        self,
        embedding: np.ndarray,
        platform: Any,
        seconds: np.ndarray,
        cost_usd: np.ndarray | None,
    ) -> int:
        """Learn from runs that recorded ``cost_estimate_usd`` (NaN or None: skipped).

        Returns how many runs taught the correction.
        """
        if cost_usd is None:
            return 0
        cost = np.asarray(cost_usd, dtype=np.float64)
        t = np.asarray(seconds, dtype=np.float64)
        emb = np.atleast_2d(np.asarray(embedding, dtype=np.float64))
        plat = [_ALIASES.get(str(p), str(p)) for p in np.asarray(platform).tolist()]
        keep = np.isfinite(cost) & np.isfinite(t) & (cost > 0) & (t >= 0)
        if not keep.any():
            return 0
        H = correction_features(emb)
        used = 0
        for i in np.flatnonzero(keep):
            listed = float(self.tariff(plat[i]).bill(t[i]))
            if listed <= 1e-12:  # a free platform teaches no ratio
                continue
            y = math.log(float(cost[i]) / listed)
            self._get(plat[i]).add(H[i], max(min(y, 5.0), -5.0))
            used += 1
        return used
