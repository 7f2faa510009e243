"""The Decision agent's learned state: its learner and cost corrections, kept in the store.

A decision task used to refit the learner on the store's whole history (5.5 s and 181 MB
per million vectors). The learner only needs its sufficient statistics, so they are
stored next to the snapshot (:mod:`strands_airflow.vectors.learned_state`, kind
``decision``), updated by every compaction, and a new process starts from them:

1. read the state (a few hundred KB) and the manifest;
2. fold the state's pending rows and the tail objects (the runs newer than the
   snapshot) into it in memory; that is the learner, as if it had seen every run.

:class:`DecisionFolder` is what the generic machinery needs: a fingerprint that changes
with the learner's settings, attributes or code (an old state is then rebuilt and the
reason logged), the fold step, and the arrays. :class:`StateFollower` is the agent's view:
the restored learner plus every tail run not folded yet.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from strands_airflow.agents.decision.cost import CostLearner, CostSettings
from strands_airflow.agents.decision.learner import LearnerSettings, PlatformLearner
from strands_airflow.agents.decision.state_codec import (
    StateSchemaError,
    fingerprint,
    flatten,
    restore,
)

log = logging.getLogger(__name__)

#: above this many tail runs folded in memory, a long-running agent starts again from
#: the stored state (which compactions keep current) instead of holding them all
MAX_FOLLOWED = 20_000


@dataclass
class DecisionModel:
    """What a decision needs learned: the runtime / failure learner and cost corrections."""

    learner: PlatformLearner
    costs: CostLearner


#: settings -> fingerprint: the code and defaults it hashes are fixed for a process (the
#: worker's warm-up fills it before the pool forks its tasks: ~5 ms of each decision)
_FINGERPRINTS: dict[LearnerSettings, str] = {}


class DecisionFolder:
    """The ``decision`` kind of learned state (see :mod:`strands_airflow.vectors.learned_state`)."""

    kind = "decision"

    def __init__(self, settings: LearnerSettings | None = None) -> None:
        self.settings = settings or LearnerSettings()
        self._fingerprint: str | None = None

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = _FINGERPRINTS.get(self.settings)
        if self._fingerprint is None:
            from strands_airflow.agents.decision import cost

            learner = PlatformLearner(self.settings).schema_fingerprint()
            costs = fingerprint(
                [CostSettings()],
                lambda: flatten(_default_costs()._corr),
                [cost.CostLearner, cost._Correction, cost.tariff, cost.correction_features],
                1,
            )
            prices = repr(sorted(CostLearner().prices.items()))
            import hashlib

            self._fingerprint = hashlib.sha256(f"{learner}|{costs}|{prices}".encode()).hexdigest()[
                :24
            ]
            _FINGERPRINTS[self.settings] = self._fingerprint
        return self._fingerprint

    def new(self) -> DecisionModel:
        return DecisionModel(PlatformLearner(self.settings), _default_costs())

    def fold(self, model: DecisionModel, rows: dict[str, np.ndarray]) -> None:
        emb = np.asarray(rows["embedding"], dtype=np.float64)
        model.learner.observe(
            emb, rows["platform"], rows["execution_time_seconds"], rows["success"]
        )
        model.costs.observe(
            emb, rows["platform"], rows["execution_time_seconds"], rows["cost_estimate_usd"]
        )

    def dump(self, model: DecisionModel) -> dict[str, np.ndarray]:
        out = {f"learner/{k}": v for k, v in model.learner.state_dict().items()}
        out.update({f"costs/{k}": v for k, v in flatten(model.costs._corr).items()})
        return out

    def load(self, arrays: dict[str, np.ndarray]) -> DecisionModel:
        learner_arrays = {k[8:]: v for k, v in arrays.items() if k.startswith("learner/")}
        cost_arrays = {k[6:]: v for k, v in arrays.items() if k.startswith("costs/")}
        if len(learner_arrays) + len(cost_arrays) != len(arrays):
            raise StateSchemaError("state holds arrays that are neither learner nor costs")
        learner = PlatformLearner.from_state(learner_arrays, self.settings)
        costs = _default_costs()
        for platform in {k.split("/")[0] for k in cost_arrays}:
            costs._get(platform)
        restore(costs._corr, cost_arrays)
        return DecisionModel(learner, costs)


def _default_costs() -> CostLearner:
    return CostLearner()


def _rows_of(pairs: list[tuple[str, Any]]) -> dict[str, np.ndarray] | None:
    """Learner inputs of tail vectors (key order); None when none carries a run."""
    from strands_airflow.agents.decision.agent import vector_cost, vector_to_run

    runs = [(r, vector_cost(v)) for _, v in pairs if (r := vector_to_run(v)) is not None]
    if not runs:
        return None
    return {
        "embedding": np.stack([r[0] for r, _ in runs]),
        "platform": np.array([r[1] for r, _ in runs]),
        "execution_time_seconds": np.array([r[2] for r, _ in runs]),
        "success": np.array([r[3] for r, _ in runs]),
        "cost_estimate_usd": np.array([c for _, c in runs], dtype=np.float64),
    }


class StateFollower:
    """The stored learned state, then every tail run the learner has not seen yet.

    ``start()`` returns the restored model (pending rows already folded);
    ``new_runs()`` returns the tail runs not folded yet, as arrays, oldest key first.
    """

    def __init__(self, store: Any, settings: LearnerSettings | None = None) -> None:
        self.store = store
        self.folder = DecisionFolder(settings)
        self.manifest: Any = None
        self.folded: set[str] = set()
        self._prefetch: Any = None

    def start(self) -> DecisionModel:
        from strands_airflow.vectors.learned_state import current

        # the tail's listing, when the store can start it early, shares the manifest's
        # round trip (checked against the manifest in new_runs)
        prefetch = getattr(self.store, "prefetch_tail", None)
        self._prefetch = prefetch() if prefetch is not None else None
        state, self.manifest = current(self.store, self.folder)
        self.folded = set()
        model: DecisionModel = state.model
        if state.pending_rows:
            self.folder.fold(model, state.pending)
        return model

    def needs_restart(self) -> bool:
        """True once so many tail runs were folded in memory that the stored state (kept
        current by compactions) is the better start."""
        return len(self.folded) > MAX_FOLLOWED

    def new_runs(self) -> dict[str, np.ndarray] | None:
        """Tail runs not folded yet (one listing; GETs only for keys not read before)."""
        prefetch, self._prefetch = self._prefetch, None
        pairs = (
            self.store.tail_vectors(self.manifest, prefetch)
            if prefetch is not None
            else self.store.tail_vectors(self.manifest)
        )
        fresh = [(k, v) for k, v in pairs if k not in self.folded]
        self.folded.update(k for k, _ in fresh)
        return _rows_of(fresh) if fresh else None
