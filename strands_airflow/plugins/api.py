"""The dashboard's JSON API under `/strands/api/v1/` (the page shows the same data).

Every route needs a signed-in Airflow user (`auth.api_user`, declared on the router so it
runs before anything else). Query parameters are checked strictly: patterns and lengths for
`dag_id` / `run_id`, bounds for `days` / `limit`, and an unknown parameter is a 400 that
names it. Responses carry no secret: store URLs lose any user/password part (`redact`),
bus errors are reported by kind, never by the client's message.

Every learning-store read runs on the dashboard's own bounded pool (`pool.store_pool`),
never on the api-server's shared threadpool: a store that is down or hung answers 503
with the reason, and Airflow's own API keeps answering.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from strands_airflow.plugins import data
from strands_airflow.plugins.auth import api_user
from strands_airflow.plugins.models import (
    AgentHealth,
    BusHealth,
    Dashboard,
    Decisions,
    Quality,
    Recommendations,
    RunDetail,
    Runtime,
    StoreInfo,
    Summary,
)
from strands_airflow.plugins.pool import StoreUnavailable, store_pool

T = TypeVar("T")
DAG_ID_PATTERN = r"^[\w.-]+$"  # Airflow's KEY_REGEX for dag ids
RUN_ID_PATTERN = r"^[A-Za-z0-9_.~:+-]+$"  # Airflow's default [scheduler] allowed_run_id_pattern
ID_MAX_LENGTH = 250
BUS_TTL_SECONDS = 5.0
BUS_TIMEOUT_SECONDS = 3.0
KNOWN_PARAMS = frozenset({"days", "limit", "dag_id", "run_id"})

Days = Annotated[int, Query(ge=1, le=365, description="Window: the last N days (1..365)")]
Limit = Annotated[int, Query(ge=1, le=50, description="How many recommendations (1..50)")]
DagId = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=ID_MAX_LENGTH,
        pattern=DAG_ID_PATTERN,
        description="Filter to a DAG run: the DAG id (word characters, . and -)",
    ),
]
RunId = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=ID_MAX_LENGTH,
        pattern=RUN_ID_PATTERN,
        description="Filter to a DAG run: the run id (needs dag_id)",
    ),
]


def known_params_only(request: Request) -> None:
    """Reject parameters the API does not take (a typo must not silently show everything)."""
    unknown = sorted(set(request.query_params) - KNOWN_PARAMS)
    if unknown:
        raise HTTPException(
            status_code=400,
            detail=f"unknown query parameter {unknown[0]!r}; accepted: "
            + ", ".join(sorted(KNOWN_PARAMS)),
        )


router = APIRouter(
    dependencies=[Depends(api_user), Depends(known_params_only)],
    responses={401: {"description": "Not signed in"}, 403: {"description": "Invalid token"}},
    tags=["Strands"],
)


def _unavailable(exc: BaseException) -> HTTPException:
    from strands_airflow.redact import redact

    return HTTPException(status_code=503, detail=f"learning store unavailable: {redact(exc)}")


def _store_or_503():
    from strands_airflow.exceptions import StrandsError

    try:
        return data.get_store(data.store_url())
    except StrandsError as exc:
        raise _unavailable(exc) from None


def _figure(name: str, days: int, compute) -> Any:
    store = _store_or_503()
    from strands_airflow.exceptions import StrandsError

    try:
        return data.cached((name, store.url, days), lambda: compute(store, days))
    except StrandsError as exc:
        raise _unavailable(exc) from None


async def with_store(fn: Callable[[], T]) -> T:
    """`fn()` (which reads the store) on the dashboard's pool; 503 with the reason when the
    store is down, hung or too busy. The api-server's shared threads never wait on it."""
    from strands_airflow.exceptions import StrandsError

    def guarded() -> T:
        try:
            return fn()
        except StrandsError as exc:
            raise _unavailable(exc) from None
        except OSError as exc:  # a socket error some client library did not wrap
            raise _unavailable(exc) from None

    try:
        return await store_pool().run(guarded)
    except StoreUnavailable as exc:
        raise _unavailable(exc) from None


# -- bus health (async: the Redis client is asyncio) ------------------------------------

_bus_cache: dict[str, tuple[float, BusHealth]] = {}


async def bus_health() -> BusHealth:
    """Per-agent stream length, pending and dead-lettered counts of the configured bus."""
    hit = _bus_cache.get("bus")
    if hit is not None and time.monotonic() - hit[0] < BUS_TTL_SECONDS:
        return hit[1]
    result = await _read_bus()
    _bus_cache["bus"] = (time.monotonic(), result)
    return result


async def _read_bus() -> BusHealth:
    from strands_airflow.bus import build_bus

    now = datetime.now(timezone.utc)
    try:
        bus = await run_in_threadpool(build_bus)  # may read an Airflow connection
    except Exception as exc:  # noqa: BLE001 - a bad bus setting must not break the page
        return BusHealth(
            backend="unknown", reachable=False, error=_kind(exc), agents=[], checked_at=now
        )
    backend = "redis" if type(bus).__name__ == "RedisStreamBus" else "local"
    try:
        raw = await asyncio.wait_for(bus.health(), BUS_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - unreachable Redis is shown, not raised
        return BusHealth(
            backend=backend, reachable=False, error=_kind(exc), agents=[], checked_at=now
        )
    finally:
        close = getattr(bus, "aclose", None)
        if close is not None:
            try:
                await close()
            except Exception:  # noqa: BLE001, S110 - closing a broken connection
                pass
    agents = [
        AgentHealth(
            agent=str(name),
            stream_length=int(info.get("stream_length", info.get("pending", 0)) or 0),
            pending=int(info.get("pending", 0) or 0),
            dead_lettered=int(info.get("dead_lettered", 0) or 0),
        )
        for name, info in sorted((raw.get("agents") or {}).items())
    ]
    return BusHealth(backend=backend, reachable=True, agents=agents, checked_at=now)


def _kind(exc: BaseException) -> str:
    # Only the exception's class: client messages can carry hosts, users or URLs.
    return f"{type(exc).__name__}: the bus could not be read; check the bus_url setting or the redis connection"


# -- composite --------------------------------------------------------------------------


def summary_of(
    store, days: int, recs: Recommendations, quality: Quality, bus: BusHealth
) -> Summary:
    """The cards' numbers."""
    import numpy as np

    start, _, _ = data.buckets(days)
    h = data.window(store, days).since(start)
    recent = h.timestamp >= start
    n = int(recent.sum())
    last: float | None
    if len(h):
        last = float(h.timestamp[-1])
    else:  # nothing in the window: the newest run of all
        tail, rows = store.recent(1, documents=False)
        times = [v.epoch_seconds for v in tail]
        if rows is not None and rows.num_rows:
            times.append(float(rows.column("timestamp")[0].as_py()))
        last = max(times) if times else None
    info = data.store_info(store)
    return Summary(
        vectors=info.vectors,
        window_days=days,
        runs_in_window=n,
        success_rate=round(float(np.mean(h.success[recent])), 4) if n else None,
        platforms=h.platforms(),
        last_run_at=datetime.fromtimestamp(last, tz=timezone.utc) if last is not None else None,
        latest_quality_score=quality.latest_score,
        open_recommendations=recs.total_open,
        bus_backend=bus.backend,
        # The api-server's own LocalBus has no agents: a 0 there would mean nothing.
        bus_dead_lettered=sum(a.dead_lettered for a in bus.agents)
        if bus.reachable and (bus.agents or bus.backend == "redis")
        else None,
        store=info,
    )


async def build_dashboard(
    days: int, limit: int, dag_id: str | None, run_id: str | None
) -> Dashboard:
    """Everything the page shows (shared by `/api/v1/dashboard` and the HTML page)."""
    if run_id is not None and dag_id is None:
        raise HTTPException(status_code=400, detail="query parameter 'run_id' needs 'dag_id'")
    bus = await bus_health()

    def compute() -> Dashboard:
        store = _store_or_503()
        decisions = _figure("decisions", days, data.decisions)
        runtime = _figure("runtime", days, data.runtime)
        quality = _figure("quality", days, data.quality)
        recs = _figure("recommendations", limit, data.recommendations)
        run = None
        if dag_id is not None and run_id is not None:
            run = data.cached(
                ("run", store.url, dag_id, run_id), lambda: data.run_detail(store, dag_id, run_id)
            )
        summary = data.cached(
            ("summary", store.url, days, limit, bus.checked_at),
            lambda: summary_of(store, days, recs, quality, bus),
        )
        return Dashboard(
            summary=summary,
            decisions=decisions,
            runtime=runtime,
            quality=quality,
            recommendations=recs,
            bus=bus,
            run=run,
        )

    return await with_store(compute)


# -- routes -----------------------------------------------------------------------------


@router.get("/dashboard", response_model=Dashboard, summary="Everything the dashboard shows")
async def get_dashboard(
    days: Days = 30, limit: Limit = 10, dag_id: DagId = None, run_id: RunId = None
) -> Dashboard:
    return await build_dashboard(days, limit, dag_id, run_id)


@router.get("/summary", response_model=Summary, summary="Headline numbers")
async def get_summary(days: Days = 30) -> Summary:
    return (await build_dashboard(days, 10, None, None)).summary


@router.get("/decisions", response_model=Decisions, summary="Decisions per platform over time")
async def get_decisions(days: Days = 30) -> Decisions:
    return await with_store(lambda: _figure("decisions", days, data.decisions))


@router.get("/runtime", response_model=Runtime, summary="Runtime against the learned baseline")
async def get_runtime(days: Days = 30) -> Runtime:
    return await with_store(lambda: _figure("runtime", days, data.runtime))


@router.get("/quality", response_model=Quality, summary="Quality score trend")
async def get_quality(days: Days = 30) -> Quality:
    return await with_store(lambda: _figure("quality", days, data.quality))


@router.get("/recommendations", response_model=Recommendations, summary="Top open recommendations")
async def get_recommendations(limit: Limit = 10) -> Recommendations:
    return await with_store(lambda: _figure("recommendations", limit, data.recommendations))


@router.get("/bus", response_model=BusHealth, summary="Message bus health per agent")
async def get_bus() -> BusHealth:
    return await bus_health()


@router.get(
    "/vectors",
    response_model=StoreInfo,
    summary="Number of learning vectors",
    responses={503: {"description": "The learning store is down, hung or busy (the reason)"}},
)
async def get_vectors() -> StoreInfo:
    def read() -> StoreInfo:
        store = _store_or_503()
        return data.cached(("store_info", store.url), lambda: data.store_info(store))

    return await with_store(read)


@router.get(
    "/runs",
    response_model=RunDetail,
    summary="One DAG run as the learning store saw it",
    responses={503: {"description": "The learning store is down, hung or busy (the reason)"}},
)
async def get_run(
    dag_id: Annotated[str, Query(min_length=1, max_length=ID_MAX_LENGTH, pattern=DAG_ID_PATTERN)],
    run_id: Annotated[str, Query(min_length=1, max_length=ID_MAX_LENGTH, pattern=RUN_ID_PATTERN)],
) -> RunDetail:
    def read() -> RunDetail:
        store = _store_or_503()
        return data.cached(
            ("run", store.url, dag_id, run_id), lambda: data.run_detail(store, dag_id, run_id)
        )

    return await with_store(read)


@router.get("/openapi.json", include_in_schema=False)
def get_openapi(request: Request) -> dict[str, Any]:
    """This API's OpenAPI document (signed-in users only, like everything else here)."""
    return request.app.openapi()
