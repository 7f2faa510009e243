"""Public list prices per platform and the cost estimate of one run.

Which prices: the on-demand list prices AWS publishes for **us-east-1** (US East, N.
Virginia), as they stood when this file was written (``PRICES_AS_OF``); no discounts,
savings plans or free tier. Sources:

- Glue: https://aws.amazon.com/glue/pricing/ -- $0.44 per DPU-hour for Spark jobs,
  billed per second with a 1-minute minimum (Glue 2.0 and later). A ``G.1X`` worker is
  1 DPU, ``G.2X`` 2, ``G.4X`` 4, ``G.8X`` 8, ``G.025X`` 0.25; ``Standard`` counts as 1.
- EMR Serverless: https://aws.amazon.com/emr/pricing/ -- $0.052624 per vCPU-hour,
  $0.0057785 per GB-hour of memory, $0.000111 per GB-hour of storage (x86).
- Lambda: https://aws.amazon.com/lambda/pricing/ -- $0.0000166667 per GB-second
  (x86) and $0.20 per million requests.
- local: $0 -- the Airflow worker is already paid for; set ``local.usd_per_hour`` to
  charge its share.
- spark: $0 -- ``local[*]`` runs on the worker; for a cluster set
  ``platforms.spark.usd_per_hour`` in the pipeline config (it wins over the table) or
  ``spark.usd_per_hour`` here.

Where to change them: pass ``prices={...}`` to a runner (or to `estimate_cost`), or set
the Airflow Variable ``strands_pricing`` to a JSON object with the same shape; its keys
are merged over these defaults (so ``{"glue": {"usd_per_dpu_hour": 0.29}}`` models Glue
Flex). Other regions: copy the numbers from the pages above.
"""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

log = logging.getLogger(__name__)

PRICES_REGION = "us-east-1"
PRICES_AS_OF = "2025-01"
PRICING_VARIABLE = "strands_pricing"

DEFAULT_PRICES: dict[str, dict[str, Any]] = {
    "local": {"usd_per_hour": 0.0},
    "glue": {
        "usd_per_dpu_hour": 0.44,
        "minimum_billed_seconds": 60,
        "dpu_per_worker": {
            "G.025X": 0.25,
            "G.1X": 1,
            "G.2X": 2,
            "G.4X": 4,
            "G.8X": 8,
            "Standard": 1,
        },
    },
    "emr_serverless": {
        "usd_per_vcpu_hour": 0.052624,
        "usd_per_gb_memory_hour": 0.0057785,
        "usd_per_gb_storage_hour": 0.000111,
        # A job that reports no utilisation (or a forecast) is priced at the default
        # Spark driver + 2 executors of 4 vCPU / 16 GB each.
        "default_vcpu": 12,
        "default_memory_gb": 48,
    },
    "lambda": {"usd_per_gb_second": 0.0000166667, "usd_per_request": 0.0000002},
    "spark": {"usd_per_hour": 0.0},
}


def get_prices(
    overrides: dict[str, Any] | None = None, *, variable_key: str | None = None
) -> dict[str, dict[str, Any]]:
    """The default prices with the Airflow Variable (if asked) and `overrides` merged over them.

    `variable_key` is read only when given (operators pass ``"strands_pricing"``) so the
    library never reaches for Airflow on its own; an unreadable or absent Variable keeps
    the defaults and is logged.
    """
    prices = copy.deepcopy(DEFAULT_PRICES)
    if variable_key:
        _merge(prices, _variable_prices(variable_key))
    if overrides:
        _merge(prices, overrides)
    return prices


def _variable_prices(key: str) -> dict[str, Any]:
    try:
        from airflow.sdk import Variable

        raw = Variable.get(key, default=None)
    except Exception as exc:  # noqa: BLE001 - no metadata DB or task context: keep defaults
        log.debug("pricing Variable %s not read: %s", key, exc)
        return {}
    if raw is None:
        return {}
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError as exc:
        log.warning("Airflow Variable %s is not JSON (%s); using list prices", key, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def estimate_cost(
    platform: str,
    seconds: float,
    *,
    settings: dict[str, Any] | None = None,
    usage: dict[str, Any] | None = None,
    prices: dict[str, Any] | None = None,
) -> float | None:
    """Dollars for one run of `seconds` on `platform` at list price (None when unknowable).

    `settings` is the platform's config section (worker type and count, Lambda memory);
    `usage` holds what the platform itself reported, which wins over a reconstruction:
    Glue ``DPUSeconds``, EMR Serverless ``billedResourceUtilization`` (vCPUHour,
    memoryGBHour, storageGBHour).

    >>> round(estimate_cost("glue", 120, settings={"worker_type": "G.1X", "number_of_workers": 2}), 4)
    0.0293
    """
    table = prices if prices is not None else DEFAULT_PRICES
    settings = settings or {}
    usage = usage or {}
    seconds = max(float(seconds), 0.0)
    p = table.get(platform)
    if p is None:
        return None
    if platform == "local":
        return round(seconds / 3600.0 * float(p.get("usd_per_hour", 0.0)), 8)
    if platform == "spark":
        # the pipeline's own rate for its cluster wins over the table's default (free)
        rate = settings.get("usd_per_hour") or p.get("usd_per_hour", 0.0)
        return round(seconds / 3600.0 * float(rate), 8)
    if platform == "glue":
        if usage.get("DPUSeconds"):
            dpu_hours = float(usage["DPUSeconds"]) / 3600.0
        else:
            per_worker = p["dpu_per_worker"].get(str(settings.get("worker_type", "G.1X")), 1)
            workers = int(settings.get("number_of_workers") or 2)
            billed = max(seconds, float(p.get("minimum_billed_seconds", 0)))
            dpu_hours = per_worker * workers * billed / 3600.0
        return round(dpu_hours * float(p["usd_per_dpu_hour"]), 8)
    if platform == "emr_serverless":
        util = usage.get("billedResourceUtilization") or {}
        hours = seconds / 3600.0
        vcpu_h = float(util.get("vCPUHour") or p["default_vcpu"] * hours)
        mem_h = float(util.get("memoryGBHour") or p["default_memory_gb"] * hours)
        sto_h = float(util.get("storageGBHour") or 0.0)
        return round(
            vcpu_h * p["usd_per_vcpu_hour"]
            + mem_h * p["usd_per_gb_memory_hour"]
            + sto_h * p["usd_per_gb_storage_hour"],
            8,
        )
    if platform == "lambda":
        gb = float(settings.get("memory_mb") or 1024) / 1024.0
        # Lambda bills each started millisecond; round up so a tiny run is never free.
        billed = max(seconds, 0.001)
        return round(gb * billed * p["usd_per_gb_second"] + p["usd_per_request"], 10)
    return None
