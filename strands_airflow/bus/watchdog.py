"""A cheap deadline for awaited Redis calls: a watchdog task instead of a timer per call.

redis.asyncio implements `socket_timeout` with `asyncio.wait_for` (a task per command), and
`asyncio.timeout` costs a timer handle per call; on the bus's hot path that was a quarter
of its CPU. Here arming is a dict insert: one watchdog task per event loop wakes a few
times a second and cancels any call past its deadline; `guard` turns that cancellation
into `TimeoutError`, which the bus treats as an outage.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")

_PERIOD = 0.1


class Watchdog:
    """Deadlines of the calls in flight on one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        # a task awaits one thing at a time, so the task itself is the token
        self._armed: dict[asyncio.Task | None, float] = {}
        self._fired: set[asyncio.Task | None] = set()
        self._task: asyncio.Task | None = None

    def arm(self, timeout: float) -> asyncio.Task | None:
        """Start a deadline for the current task; returns the token for `disarm`."""
        task = asyncio.current_task(self.loop)
        if task is not None:
            self._armed[task] = self.loop.time() + timeout
            if self._task is None or self._task.done():
                self._task = self.loop.create_task(self._watch(), name="strands-bus-watchdog")
        return task

    def disarm(self, token: asyncio.Task | None) -> bool:
        """End a deadline; True when it had fired (the call was cancelled by the watchdog)."""
        self._armed.pop(token, None)
        if self._fired and token in self._fired:
            self._fired.discard(token)
            return True
        return False

    def timed_out(self, token: asyncio.Task | None) -> bool:
        """After a CancelledError: True when the watchdog caused it (and nobody else)."""
        if not self.disarm(token):
            return False
        uncancel = getattr(token, "uncancel", None)
        return not (uncancel is not None and uncancel() > 0)

    async def stop(self) -> None:
        """Stop the watchdog task when no call is armed (the next `arm` starts it again):
        a loop closed right after its last Redis call then has no task left pending."""
        task = self._task
        if task is None or task.done() or self._armed:
            return
        self._task = None
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def _watch(self) -> None:
        idle = 0
        while idle < 50:  # exit after ~5 s with nothing armed; `arm` restarts it
            await asyncio.sleep(_PERIOD)
            if not self._armed:
                idle += 1
                continue
            idle = 0
            now = self.loop.time()
            for task, deadline in list(self._armed.items()):
                if now > deadline and task is not None:
                    del self._armed[task]
                    self._fired.add(task)
                    task.cancel()


_dogs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Watchdog] = weakref.WeakKeyDictionary()


def watchdog() -> Watchdog:
    """The watchdog of the running loop."""
    loop = asyncio.get_running_loop()
    dog = _dogs.get(loop)
    if dog is None:
        dog = _dogs[loop] = Watchdog(loop)
    return dog


async def stop_watchdog() -> None:
    """`Watchdog.stop` for the running loop's watchdog, if it has one."""
    dog = _dogs.get(asyncio.get_running_loop())
    if dog is not None:
        await dog.stop()


async def guard(aw: Awaitable[T], timeout: float, what: str = "Redis") -> T:
    """Await `aw`; raise TimeoutError if it has not finished within `timeout` seconds."""
    dog = watchdog()
    token = dog.arm(timeout)
    try:
        return await aw
    except asyncio.CancelledError:
        if dog.timed_out(token):
            raise TimeoutError(f"{what} did not answer within {timeout:g}s") from None
        raise
    finally:
        dog.disarm(token)
