"""The registry of learned-state kinds (kept import-free: the package's top level fills it).

A kind is a name (``"decision"``) and a factory of its folder (see
:mod:`strands_airflow.vectors.learned_state`). ``strands_airflow/__init__.py`` registers
the agents' kinds, so the store, a lower layer, never imports the agents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_FOLDERS: dict[str, Callable[[], Any]] = {}


def register(kind: str, factory: Callable[[], Any]) -> None:
    """Make ``kind`` known (compaction then keeps its state up to date)."""
    _FOLDERS[kind] = factory


def kinds() -> list[str]:
    """Registered kinds of learned state."""
    return sorted(_FOLDERS)


def factory(kind: str) -> Callable[[], Any] | None:
    """The factory of ``kind``'s folder, or None."""
    return _FOLDERS.get(kind)
