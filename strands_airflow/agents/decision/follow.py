"""Follow a learning-vector store: hand the learner only the runs it has not seen.

The store's ``history()`` is sorted by run time, and a run may arrive late (a backfill,
a slow writer), so "rows after the last count" is not enough. The follower remembers a
64-bit hash of every vector id it has handed out (8 bytes per run: 8 MB for a million)
and, on each refresh, checks only the rows near the end of the history unless the
counts say a late run is hiding further back.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# Runs stamped up to this long before the newest run seen are still checked by id on
# every refresh (cheap); older late arrivals are found by a full scan when counts differ.
LATE_WINDOW_S = 6 * 3600.0
_MERGE_EVERY = 4096
# Up to this many new runs are read through ``store.query`` (cheap); more: the history.
_RECENT_QUERY_MAX = 256
# Newest runs whose recorded cost is read from their vectors on a history scan.
_COST_RUNS = 1000


class _IdHashes:
    """A set of id hashes: a sorted numpy array plus a small set of recent additions."""

    def __init__(self) -> None:
        self._sorted = np.empty(0, dtype=np.int64)
        self._recent: set[int] = set()

    def __len__(self) -> int:
        return len(self._sorted) + len(self._recent)

    def contains(self, hashes: np.ndarray) -> np.ndarray:
        if len(self._sorted):
            pos = np.minimum(np.searchsorted(self._sorted, hashes), len(self._sorted) - 1)
            found = self._sorted[pos] == hashes
        else:
            found = np.zeros(len(hashes), dtype=bool)
        if self._recent:
            found |= np.fromiter((h in self._recent for h in hashes.tolist()), bool, len(hashes))
        return found

    def add(self, hashes: np.ndarray) -> None:
        if len(hashes) > _MERGE_EVERY or len(self._recent) + len(hashes) > _MERGE_EVERY:
            merged = np.concatenate([self._sorted, np.fromiter(self._recent, np.int64), hashes])
            self._sorted = np.unique(merged)
            self._recent = set()
        else:
            self._recent.update(hashes.tolist())


def _hash_ids(ids: Any) -> np.ndarray:
    # Python's str hash is stable within a process, which is all an in-memory set needs.
    return np.fromiter((hash(str(i)) for i in ids), dtype=np.int64, count=len(ids))


class StoreFollower:
    """Yields the store's unseen runs as arrays (oldest first) on each :meth:`new_runs`."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.seen = _IdHashes()
        self.newest_ts = -np.inf

    def new_runs(self) -> dict[str, Any] | None:
        """Arrays of the runs added since the last call, or None when there are none."""
        total = int(self.store.count())
        missing = total - len(self.seen)
        if missing <= 0:
            return None
        if len(self.seen) and missing <= _RECENT_QUERY_MAX and hasattr(self.store, "query"):
            runs = self._recent_by_query(missing)
            if runs is not None:
                return runs
        return self._scan_history(total)

    def _recent_by_query(self, missing: int) -> dict[str, Any] | None:
        """A few new runs, read as vectors near the newest time (no full history rebuild)."""
        from strands_airflow.agents.decision.agent import vector_cost, vector_to_run

        # The newest ``missing`` runs; when any of them was seen already, a new run is
        # hiding further back in time and the history scan finds it.
        fresh = self.store.query(limit=missing)
        if self.seen.contains(_hash_ids([v.vector_id for v in fresh])).any():
            return None
        self.seen.add(_hash_ids([v.vector_id for v in fresh]))
        fresh.sort(key=lambda v: v.epoch_seconds)
        self.newest_ts = max(self.newest_ts, fresh[-1].epoch_seconds)
        pairs = [(r, vector_cost(v)) for v in fresh if (r := vector_to_run(v)) is not None]
        if not pairs:
            return None
        runs = [r for r, _ in pairs]
        return {
            "cost_estimate_usd": np.array([c for _, c in pairs], dtype=np.float64),
            "embedding": np.stack([r[0] for r in runs]),
            "platform": np.array([r[1] for r in runs]),
            "execution_time_seconds": np.array([r[2] for r in runs]),
            "success": np.array([r[3] for r in runs]),
        }

    def _recent_costs(self, ids: Any, fresh: np.ndarray) -> np.ndarray | None:
        """Costs of the newest fresh runs, read from their vectors (NaN for the rest).

        The store's columnar history has no cost column, and the price correction follows
        recent runs only (older evidence is forgotten by its random walk), so reading the
        newest ``_COST_RUNS`` vectors is enough and keeps a big first load cheap.
        """
        from strands_airflow.agents.decision.agent import vector_cost

        if not hasattr(self.store, "query") or not len(fresh):
            return None
        out = np.full(len(fresh), np.nan)
        start = max(len(fresh) - _COST_RUNS, 0)
        pos = {str(ids[int(fresh[i])]): i for i in range(start, len(fresh))}
        try:
            recent = self.store.query(limit=min(len(fresh), _COST_RUNS))
        except Exception as exc:  # noqa: BLE001 - costs are optional; runtimes still learn
            first = (str(exc).splitlines() or [type(exc).__name__])[0]
            log.warning("recorded costs not read from the store (%s); list prices used", first)
            return None
        for v in recent:
            i = pos.get(str(v.vector_id))
            if i is not None:
                out[i] = vector_cost(v)
        return out

    def _scan_history(self, total: int) -> dict[str, Any] | None:
        hist = self.store.history()
        ts = np.asarray(hist.timestamp, dtype=np.float64)
        ids = hist.vector_ids
        start = int(np.searchsorted(ts, self.newest_ts - LATE_WINDOW_S, side="left"))
        hashes = _hash_ids(ids[start:])
        fresh = np.flatnonzero(~self.seen.contains(hashes)) + start
        if len(self.seen) + len(fresh) < total:  # a late run further back: full scan
            hashes = _hash_ids(ids)
            fresh = np.flatnonzero(~self.seen.contains(hashes))
            new_hashes = hashes[fresh]
        else:
            new_hashes = hashes[fresh - start]
        self.seen.add(new_hashes)
        if len(ts):
            self.newest_ts = max(self.newest_ts, float(ts[-1]))
        if not len(fresh):
            return None
        cost = getattr(hist, "cost_estimate_usd", None)
        return {
            "cost_estimate_usd": (
                self._recent_costs(ids, fresh)
                if cost is None
                else np.asarray(cost, np.float64)[fresh]
            ),
            "embedding": np.asarray(hist.embedding)[fresh],
            "platform": np.asarray(hist.platform)[fresh],
            "execution_time_seconds": np.asarray(hist.execution_time_seconds)[fresh],
            "success": np.asarray(hist.success)[fresh],
        }
