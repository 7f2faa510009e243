"""Exploration and drift: one bad run does not ban a platform; a slowdown is noticed."""

from __future__ import annotations

import numpy as np
from decision_world import big_job, fresh_store, run_vector, workload

from strands_airflow.agents.decision import DecisionAgent


def _loop(agent, store, rng, n, *, fail_first=None, slowdown_after=None, slowdown=None):
    picks, explored, failed = [], [], False
    for i in range(n):
        gb = big_job(rng)
        d = agent.decide(workload(gb))
        fail = d.selected_platform == fail_first and not failed
        failed |= fail
        slow = slowdown if slowdown_after is not None and i >= slowdown_after else None
        store.put(run_vector(d.selected_platform, gb, rng, fail=fail, slowdown=slow))
        picks.append(d.selected_platform)
        explored.append(d.explored)
    return np.array(picks), np.array(explored)


def test_one_bad_early_run_does_not_ban_a_platform():
    # Glue is ~3x faster than EMR for big jobs here, but its first run fails (+1800 s).
    store = fresh_store()
    agent = DecisionAgent(store=store, platforms=["glue", "emr_serverless"], random_state=4)
    picks, explored = _loop(agent, store, np.random.default_rng(4), 150, fail_first="glue")
    first_glue = int(np.flatnonzero(picks == "glue")[0])
    assert (picks[first_glue + 1 :] == "glue").any(), "glue was tried again after its failure"
    assert (picks[-50:] == "glue").mean() >= 0.9, "and it became the usual pick"
    assert explored[-50:].sum() <= explored[:50].sum(), "exploration shrinks with evidence"


def test_a_platform_that_gets_3x_slower_is_dropped_within_50_runs():
    # EMR is made fast here, so after Glue slows down 3x, EMR is clearly better.
    store = fresh_store()
    agent = DecisionAgent(store=store, platforms=["glue", "emr_serverless"], random_state=5)
    rng = np.random.default_rng(5)
    before = {"emr_serverless": 0.5}
    after = {"emr_serverless": 0.5, "glue": 3.0}
    picks, _ = _loop(agent, store, rng, 100, slowdown_after=0, slowdown=before)
    assert (picks[-30:] == "glue").mean() >= 0.9, "glue is the best before the drift"
    picks, _ = _loop(agent, store, rng, 50, slowdown_after=0, slowdown=after)
    assert (picks[-20:] == "emr_serverless").mean() >= 0.9, "decisions moved within 50 runs"
    assert agent.learner.runtime["glue"].drift_events >= 1


def test_a_small_job_on_local_and_spark_settles_on_the_faster_engine():
    # The demo's situation: a 20 MB SQL job takes ~0.1 s on DuckDB and ~12 s on Spark
    # (JVM start-up). Rare failures are possible on both; none happen. After trying
    # Spark, the agent settles on local with rising confidence instead of exploring
    # Spark again and again for a failure-rate difference no run can reveal.
    agent = DecisionAgent(platforms=["local", "spark"], random_state=11)
    wl = {"data_volume_gb": 0.02, "num_joins": 1, "source_count": 2, "transform": "sql"}
    rng = np.random.default_rng(11)
    picks, conf = [], []
    for _ in range(12):
        d = agent.decide(wl)
        picks.append(d.selected_platform)
        conf.append(d.confidence)
        seconds = 0.1 if d.selected_platform == "local" else 12.0
        agent.observe(
            {
                "workload_characteristics": wl,
                "execution_metrics": {
                    "platform_used": d.selected_platform,
                    "execution_time_seconds": seconds * float(np.exp(rng.normal(0, 0.2))),
                    "success": True,
                },
            }
        )
    assert "spark" in picks[:8], "spark is tried"
    assert picks[-4:] == ["local"] * 4, picks
    assert conf[-1] > 0.75 and conf[-1] > conf[1], conf
