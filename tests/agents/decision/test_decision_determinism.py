"""Same random_state and same history: the same decisions, confidence included."""

from __future__ import annotations

import numpy as np
from decision_world import any_job, fresh_store, run_vector, workload

from strands_airflow.agents.decision import DecisionAgent


def _history(store, seed):
    rng = np.random.default_rng(seed)
    for i in range(40):
        store.put(
            run_vector(("local", "glue", "emr_serverless", "lambda")[i % 4], any_job(rng), rng)
        )


def _decisions(seed):
    store = fresh_store()
    _history(store, 9)
    agent = DecisionAgent(store=store, random_state=seed)
    rng = np.random.default_rng(0)
    out = []
    for _ in range(30):
        d = agent.decide(workload(any_job(rng)))
        out.append((d.selected_platform, d.confidence, d.reasoning))
    return out


def test_same_seed_same_decisions():
    first, second = _decisions(11), _decisions(11)
    assert first == second


def test_confidence_is_a_probability_and_explains_itself():
    for platform, confidence, reasoning in _decisions(3):
        assert 0.0 <= confidence <= 1.0
        assert f"Selected {platform}" in reasoning
        assert f"confidence {confidence:.2f}" in reasoning
