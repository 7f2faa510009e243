"""Run a callable with a time budget, from any thread, without signals or processes.

Why not SIGALRM: it only works in the main thread and Airflow (``execution_timeout``)
and pytest-timeout already own it. Why not a worker process: it would pay a sqlfluff
import and IPC on every call. Instead one watchdog thread raises an exception *in the
calling thread* with ``PyThreadState_SetAsyncExc`` when its deadline passes: sqlfluff's
Python parser and our rules are Python code, so the exception lands within a few
bytecodes and the stack unwinds normally. (The Rust parser cannot be interrupted
mid-call, but sqlfluff bounds it with ``rust_parser_max_iterations``, and the budget is
checked as soon as it returns.) The watchdog is shared and long-lived because starting a
thread per call costs more than linting a small query on a busy machine.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class DeadlineExceeded(BaseException):  # noqa: N818 - a signal, not an error class
    """Raised inside the worked-on thread when its budget is spent.

    A BaseException so that libraries' ``except Exception`` blocks (sqlfluff turns rule
    crashes into lint errors) cannot swallow it.
    """


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else ctypes.c_void_p(0)
    )


@dataclass(eq=False)
class _Entry:
    thread_id: int
    done: bool = False
    fired: bool = False


class _Watchdog:
    """One daemon thread firing the deadlines of every analysis in the process."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Entry]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> _Entry:
        entry = _Entry(threading.get_ident())
        deadline = time.monotonic() + seconds
        with self._cond:
            wake = not self._heap or deadline < self._heap[0][0]
            heapq.heappush(self._heap, (deadline, next(self._seq), entry))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="strands-sql-deadline", daemon=True
                )
                self._thread.start()
            elif wake:
                self._cond.notify()
        return entry

    def disarm(self, entry: _Entry) -> None:
        # Under the lock, so the watchdog cannot fire between "done" and our return.
        with self._cond:
            entry.done = True

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                deadline, _, entry = self._heap[0]
                now = time.monotonic()
                if now < deadline:
                    self._cond.wait(deadline - now)
                    continue
                heapq.heappop(self._heap)
                entry.fired = True
                _set_async_exc(entry.thread_id, DeadlineExceeded)


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    # A forked child has no watchdog thread and may inherit a held lock: start afresh.
    os.register_at_fork(after_in_child=_WATCHDOG._reset)


def run_with_deadline(fn: Callable[[], T], seconds: float | None) -> T:
    """Call `fn()` and return its result, or raise `DeadlineExceeded` after `seconds`.

    `None` or a non-positive budget means no limit.
    """
    if seconds is None or seconds <= 0:
        return fn()
    entry = _WATCHDOG.arm(seconds)
    try:
        try:
            result = fn()
        finally:
            _WATCHDOG.disarm(entry)
    except DeadlineExceeded:
        raise
    except BaseException:
        if entry.fired:
            # fn failed (e.g. a Rust panic) just as its budget ran out: the watchdog's
            # exception is still pending and would surface at a random later point
            _set_async_exc(entry.thread_id, None)
            raise DeadlineExceeded from None
        raise
    if entry.fired:
        # The watchdog fired after fn returned but before we disarmed: drop the
        # pending exception (it would surface at a random later point) and honour
        # the budget all the same.
        _set_async_exc(entry.thread_id, None)
        raise DeadlineExceeded
    return result
