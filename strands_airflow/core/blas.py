"""One BLAS thread for the agents' small linear algebra.

The agents multiply small arrays: a decision's failure posterior is a grid of 10,920 cells,
the learner's matrices are a few dozen wide. A multi-threaded BLAS (OpenBLAS, numpy's
default, runs one thread per core) hands a product above its threshold to its thread pool
(a dot of 10,920 values is above OpenBLAS's 10,000) and wakes the pool for it: on a worker
busy with other tasks each wake-up costs milliseconds, for work of a few microseconds. A
decision task on the cluster spent 12-30 ms in four such dots (`docs/deploy.md`, round 5);
with one thread the same decision scores in under 1 ms. Several tasks per worker each
spawning a thread per core is oversubscription anyway.

:func:`one_blas_thread` limits BLAS to one thread (through threadpoolctl) while an agent
computes, and restores the process's setting when the last block running in the process
leaves (blocks on several threads share one count). Other code in the process that runs
BLAS at the same moment also gets one thread for that moment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_lock = threading.Lock()
_depth = 0
_local = threading.local()  # this thread's nesting: an inner block (decide -> refresh) sets nothing
_limiter: Any = None
_controller: Any = None


def controller() -> Any:
    """The process's threadpoolctl controller (scans the loaded libraries once; a worker's
    warm-up builds it before the pool forks its tasks)."""
    global _controller
    if _controller is None:
        import numpy  # noqa: F401 - its BLAS must be loaded before the scan, or none is found
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS runs on one thread inside the block (also usable as a decorator).

    Each thread entering sets the limit itself (OpenBLAS may keep a limit set on another
    thread to that thread); the process's original setting is restored when the last block
    in the process leaves, so overlapping blocks never leave the process limited."""
    global _depth, _limiter
    inner = getattr(_local, "depth", 0)
    _local.depth = inner + 1
    if inner:  # this thread already runs with one BLAS thread
        try:
            yield
        finally:
            _local.depth = inner
        return
    with _lock:  # held while setting: the first block's limiter records the true original
        limiter = controller().limit(limits=1, user_api="blas")
        if _depth == 0:
            _limiter = limiter
        _depth += 1
    try:
        yield
    finally:
        _local.depth = 0
        with _lock:
            _depth -= 1
            if _depth == 0 and _limiter is not None:
                _limiter.restore_original_limits()
                _limiter = None


def blas_threads() -> int:
    """The BLAS thread count now (the largest over the loaded BLAS libraries; 0 if none)."""
    return max(
        (i["num_threads"] for i in controller().info() if i["user_api"] == "blas"), default=0
    )
