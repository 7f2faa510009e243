"""The agent learns from every run put in its store, without a training step."""

from __future__ import annotations

import numpy as np
from decision_world import any_job, big_job, fresh_store, run_vector, workload

from strands_airflow.agents.decision import DecisionAgent


def test_after_runs_show_glue_is_faster_for_big_jobs_it_picks_glue():
    # The rules of thumb favour EMR for very large jobs; this history says Glue.
    store = fresh_store()
    agent = DecisionAgent(store=store, platforms=["glue", "emr_serverless"], random_state=3)
    rng = np.random.default_rng(0)
    before = agent.decide(workload(800.0))
    assert before.cold_start and before.selected_platform == "emr_serverless"

    for i in range(60):
        store.put(run_vector(("glue", "emr_serverless")[i % 2], big_job(rng), rng))
    after = agent.decide(workload(800.0))

    assert after.selected_platform == "glue" and not after.cold_start
    assert after.confidence > 0.9
    glue, emr = after.scores["glue"], after.scores["emr_serverless"]
    assert glue.n_similar_runs > 5 and emr.n_similar_runs > 5
    assert glue.expected_penalized_runtime_s < emr.expected_penalized_runtime_s
    assert f"{glue.n_similar_runs} similar runs" in after.reasoning
    assert after.n_history == 60


def test_each_new_run_is_read_once():
    store = fresh_store()
    agent = DecisionAgent(store=store, random_state=0)
    rng = np.random.default_rng(1)
    for _ in range(5):
        store.put(run_vector("local", any_job(rng), rng))
    agent.decide(workload(1.0))
    agent.decide(workload(1.0))
    assert agent.learner.total_runs["local"] == 5
    retry = run_vector("glue", 10.0, rng)
    store.put(retry)
    store.put(retry)  # a task retry writes no duplicate, and nothing is learned twice
    assert agent.refresh() == 1
    assert agent.refresh() == 0
    assert agent.learner.total_runs["glue"] == 1


def test_a_late_run_stamped_in_the_past_is_learned():
    from datetime import datetime, timedelta, timezone

    store = fresh_store()
    agent = DecisionAgent(store=store, random_state=0)
    rng = np.random.default_rng(2)
    for _ in range(3):
        store.put(run_vector("glue", 50.0, rng))
    agent.refresh()
    late = run_vector("emr_serverless", 50.0, rng).model_copy(
        update={"timestamp": datetime.now(timezone.utc) - timedelta(days=30)}
    )
    store.put(late)
    assert agent.refresh() == 1
    assert agent.learner.total_runs == {
        "local": 0,
        "glue": 3,
        "emr_serverless": 1,
        "lambda": 0,
        "spark": 0,
    }


def test_observe_without_a_store():
    agent = DecisionAgent(platforms=["local", "glue"], random_state=0)
    rng = np.random.default_rng(3)
    for _ in range(40):
        gb = big_job(rng)
        agent.observe(run_vector("local", gb, rng))
        agent.observe(run_vector("glue", gb, rng).model_dump(mode="json"))
    assert agent.observe({"execution_metrics": {}}) is False, "no run, nothing learned"
    assert agent.decide(workload(300.0)).selected_platform == "glue"


def test_old_seed_vectors_without_times_or_with_old_names_are_read_safely():
    agent = DecisionAgent(random_state=0)
    seed_vector = {  # the seed's shape: status instead of success, "emr" for EMR
        "vector_id": "old-1",
        "timestamp": "2024-01-01T00:00:00",
        "workload_characteristics": {"data_volume": "high", "complexity": "very_high"},
        "execution_metrics": {"platform_used": "emr", "execution_time_seconds": 600},
        "pipeline_context": {"status": "completed"},
    }
    assert agent.observe(seed_vector)
    assert agent.learner.total_runs["emr_serverless"] == 1
    emb = np.zeros((2, 9), dtype=np.float32)
    emb[:, 0] = 1.0
    agent.observe_history(
        {
            "embedding": emb,
            "platform": np.array(["glue", "glue"]),
            "execution_time_seconds": np.array([np.nan, 120.0]),  # unknown time: skipped
            "success": np.array([True, True]),
        }
    )
    assert agent.learner.total_runs["glue"] == 1
    d = agent.decide({"data_volume": "high"})
    assert np.isfinite(d.scores["glue"].expected_penalized_runtime_s)


def test_failure_evidence_on_any_platform_informs_the_shared_base_rate():
    # Many clean runs on local say "failures are rare here"; a platform that has not run
    # yet inherits part of that, while a platform with its own failures stays suspect.
    store = fresh_store()
    agent = DecisionAgent(store=store, random_state=0)
    rng = np.random.default_rng(0)
    before = agent.decide(workload(5.0)).scores
    for _ in range(150):
        store.put(run_vector("local", any_job(rng), rng))
    after = agent.decide(workload(5.0)).scores
    assert after["glue"].failure_probability < before["glue"].failure_probability
    assert after["local"].failure_probability < after["glue"].failure_probability
    for i in range(6):
        store.put(run_vector("emr_serverless", 200.0, rng, fail=i < 4))
    last = agent.decide(workload(200.0)).scores
    assert last["emr_serverless"].failure_probability > 2 * last["glue"].failure_probability


def test_failure_batch_and_one_by_one_learning_agree():
    # A long history loaded at once (one batch) and the same runs observed one by one
    # end at nearly the same failure estimate.
    rng = np.random.default_rng(2)
    runs = [
        run_vector(("local", "glue")[i % 2], any_job(rng), rng, fail=i % 17 == 0)
        for i in range(200)
    ]
    batch = DecisionAgent(random_state=0)
    batch.observe_history(
        {
            "embedding": np.array([r.embedding for r in runs]),
            "platform": np.array([r.execution_metrics.platform_used for r in runs]),
            "execution_time_seconds": np.array(
                [r.execution_metrics.execution_time_seconds for r in runs]
            ),
            "success": np.array([r.execution_metrics.success for r in runs]),
        }
    )
    single = DecisionAgent(random_state=0)
    for r in runs:
        single.observe(r)
    a = batch.decide(workload(10.0)).scores
    b = single.decide(workload(10.0)).scores
    for p in ("local", "glue", "lambda"):
        assert abs(a[p].failure_probability - b[p].failure_probability) < 0.03
