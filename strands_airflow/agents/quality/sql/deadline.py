"""Run a callable with a time budget, from any thread, without signals or processes.

Why not SIGALRM: it only works in the main thread and Airflow (``execution_timeout``)
and pytest-timeout already own it. Why not a worker process: it would pay a sqlfluff
import and IPC on every call. Instead a watchdog timer raises an exception *in the
calling thread* with ``PyThreadState_SetAsyncExc``: sqlfluff's Python parser and our
rules are Python code, so the exception lands within a few bytecodes and the stack
unwinds normally. (The Rust parser cannot be interrupted mid-call, but sqlfluff bounds
it with ``rust_parser_max_iterations``, and the budget is checked as soon as it returns.)
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class DeadlineExceeded(BaseException):  # noqa: N818 - mirrors TimeoutError, but see below
    """Raised inside the worked-on thread when its budget is spent.

    A BaseException so that libraries' ``except Exception`` blocks (sqlfluff turns rule
    crashes into lint errors) cannot swallow it.
    """


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else ctypes.c_void_p(0)
    )


def run_with_deadline(fn: Callable[[], T], seconds: float | None) -> T:
    """Call `fn()` and return its result, or raise `DeadlineExceeded` after `seconds`.

    `None` or a non-positive budget means no limit.
    """
    if seconds is None or seconds <= 0:
        return fn()
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            _set_async_exc(thread_id, DeadlineExceeded)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        try:
            result = fn()
        finally:
            with lock:
                state["done"] = True
            timer.cancel()
    except DeadlineExceeded:
        raise
    if state["fired"]:
        # The watchdog fired after fn returned but before we were done: drop the
        # pending exception (it would surface at a random later point) and honour
        # the budget all the same.
        _set_async_exc(thread_id, None)
        raise DeadlineExceeded
    return result
