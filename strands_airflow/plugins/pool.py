"""The dashboard's own small, bounded thread pool for learning-store reads.

Why not the api-server's threadpool (``run_in_threadpool``, FastAPI's sync routes): it is
shared with Airflow's own API. A hung S3 endpoint would park one of its threads per
dashboard request, and a few dozen requests would starve ``/api/v2`` too. Here a hung
store fills at most ``dashboard_store_workers`` threads plus an equally short queue;
a request beyond that, or one that waits longer than ``dashboard_store_timeout_seconds``,
is answered at once with `StoreUnavailable` (the API turns it into a 503 with the reason).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class StoreUnavailable(Exception):
    """The learning store did not answer in time, or too many reads already wait on it."""


class StorePool:
    """`await pool.run(fn)`: `fn()` on one of `workers` threads, within `timeout` seconds."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers = max(1, int(workers))
        self.timeout = float(timeout)
        # running + waiting reads: a hung store must not pile up an unbounded queue
        self.capacity = 2 * self.workers
        self._slots = threading.BoundedSemaphore(self.capacity)
        self._executor = ThreadPoolExecutor(
            max_workers=self.workers, thread_name_prefix="strands-store"
        )

    async def run(self, fn: Callable[[], T]) -> T:
        """The result of `fn()`, or `StoreUnavailable` when the pool is full or time runs out."""
        if not self._slots.acquire(blocking=False):
            raise StoreUnavailable(
                f"the learning store is not answering: {self.capacity} reads already wait "
                "for it (setting dashboard_store_workers); try again shortly"
            )
        try:
            future = self._executor.submit(fn)
        except BaseException:
            self._slots.release()
            raise
        # the slot frees when the read really ends (a timed-out read still holds a thread)
        future.add_done_callback(lambda _f: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except asyncio.TimeoutError:
            raise StoreUnavailable(
                f"the learning store did not answer within {self.timeout:g} s "
                "(setting dashboard_store_timeout_seconds; S3 calls time out after "
                "store_connect_timeout_seconds / store_read_timeout_seconds)"
            ) from None

    def shutdown(self) -> None:
        """Stop taking work; running reads end on their own (S3 calls have timeouts)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


_lock = threading.Lock()
_pool: StorePool | None = None


def store_pool() -> StorePool:
    """The process's pool, sized from the settings when first used."""
    global _pool
    with _lock:
        if _pool is None:
            from strands_airflow.settings import get_settings

            s = get_settings()
            _pool = StorePool(s.dashboard_store_workers, s.dashboard_store_timeout_seconds)
        return _pool


def reset_store_pool() -> None:
    """Forget the pool (tests, or after changing the settings)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown()
