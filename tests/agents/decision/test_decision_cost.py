"""Decisions under a cost objective: money, deadlines, learned prices, honest evidence."""

from __future__ import annotations

import numpy as np
import pytest
from decision_world import fresh_store, runtime, workload

from strands_airflow.agents.decision import DecisionAgent
from strands_airflow.core.objective import Objective
from strands_airflow.exceptions import DecisionInputError, StrandsConfigError
from strands_airflow.execution.pricing import estimate_cost
from strands_airflow.pipeline.config import PlatformsConfig, parse_pipeline_config
from strands_airflow.vectors.model import LearningVector

COST = {"minimize": "cost"}


def _run(platform, gb, rng, *, cost_factor=1.0, record_cost=True, settings=None):
    t = runtime(platform, gb) * float(np.exp(rng.normal(0.0, 0.1)))
    ok = not (platform == "lambda" and t > 900)
    t = min(t, 900.0) if platform == "lambda" else t
    metrics = {"execution_time_seconds": t, "success": ok}
    if record_cost:
        metrics["cost_estimate_usd"] = cost_factor * estimate_cost(platform, t, settings=settings)
    return LearningVector.from_run(workload=workload(gb), platform=platform, metrics=metrics)


@pytest.mark.parametrize(
    ("objective", "field"),
    [
        ({"minimize": "speed"}, "objective.minimize"),
        ({"minimize": "cost", "deadline_seconds": -5}, "objective.deadline_seconds"),
        ({"minimize": "cost", "deadline_penalty_usd": -1}, "objective.deadline_penalty_usd"),
        ({"minimize": "runtime", "deadline_seconds": 600}, "objective.deadline_seconds"),
        ({"deadline_seconds": 600}, "objective.deadline_seconds"),
        ({"minimize": "cost", "budget": 3}, "objective.budget"),
    ],
)
def test_bad_objective_is_refused_naming_the_field(objective, field):
    agent = DecisionAgent(random_state=0)
    with pytest.raises(DecisionInputError, match=field):
        agent.decide(workload(1.0), objective=objective)
    base = {
        "name": "x",
        "sources": {"a": {"uri": "/a.parquet"}},
        "transform": {"sql": "select 1"},
        "target": {"uri": "/b.parquet"},
    }
    with pytest.raises(StrandsConfigError, match="objective"):
        parse_pipeline_config({**base, "objective": objective})


def test_config_objective_defaults_the_penalty():
    base = {
        "name": "x",
        "sources": {"a": {"uri": "/a.parquet"}},
        "transform": {"sql": "select 1"},
        "target": {"uri": "/b.parquet"},
    }
    cfg = parse_pipeline_config(
        {**base, "objective": {"minimize": "cost", "deadline_seconds": 1800}}
    )
    assert cfg.objective == Objective(minimize="cost", deadline_seconds=1800)
    assert cfg.objective.deadline_penalty_usd == 10.0
    assert parse_pipeline_config(base).objective is None


def test_runtime_objective_is_the_default_behaviour_exactly():
    rng = np.random.default_rng(0)
    runs = [_run(p, g, rng) for p in ("local", "glue", "emr_serverless") for g in (1, 50, 400)]
    a, b = DecisionAgent(random_state=5), DecisionAgent(random_state=5)
    for v in runs:
        a.observe(v)
        b.observe(v)
    for gb in (0.5, 30.0, 700.0):
        da = a.decide(workload(gb))
        db = b.decide(workload(gb), objective={"minimize": "runtime"})
        assert da.selected_platform == db.selected_platform
        assert da.confidence == db.confidence
        assert da.reasoning == db.reasoning
        assert da.objective == {"minimize": "runtime"}
        assert da.scores["glue"].expected_cost_usd is None


def test_cold_start_cost_comes_from_list_prices_and_the_platform_settings():
    small = PlatformsConfig.model_validate(
        {"glue": {"enabled": True, "job_name": "j", "worker_type": "G.1X", "number_of_workers": 2}}
    )
    big = PlatformsConfig.model_validate(
        {"glue": {"enabled": True, "job_name": "j", "worker_type": "G.2X", "number_of_workers": 10}}
    )
    agent = DecisionAgent(random_state=0)
    d_small = agent.decide(workload(200.0), platforms=small, objective=COST)
    d_big = agent.decide(workload(200.0), platforms=big, objective=COST)
    assert d_small.cold_start
    c_small = d_small.scores["glue"].expected_cost_usd
    c_big = d_big.scores["glue"].expected_cost_usd
    # 10 x G.2X = 20 DPU against 2 x G.1X = 2 DPU, at the same predicted runtime.
    assert c_big / c_small == pytest.approx(10.0, rel=0.02)
    # Never below the bill of the predicted median runtime (the 1-minute minimum included).
    median = d_small.scores["glue"].median_runtime_s
    assert c_small >= 0.9 * estimate_cost("glue", median)
    assert d_small.scores["glue"].cost_uncertainty_usd > 0


def test_recorded_costs_teach_the_price_and_a_vector_without_cost_still_teaches_runtime():
    rng = np.random.default_rng(1)
    agent = DecisionAgent(random_state=0, platforms=["glue", "emr_serverless"])
    before = agent.decide(workload(100.0), objective=COST).scores["glue"].expected_cost_usd
    for _ in range(40):  # Glue bills 3x its list price (more workers than the defaults)
        agent.observe(_run("glue", float(rng.uniform(50, 150)), rng, cost_factor=3.0))
    assert agent.costs.runs_with_cost("glue") == 40
    after = agent.decide(workload(100.0), objective=COST).scores["glue"]
    list_cost = estimate_cost("glue", after.expected_runtime_s)
    assert after.expected_cost_usd / list_cost == pytest.approx(3.0, rel=0.2)
    assert before != after.expected_cost_usd

    agent.observe(_run("emr_serverless", 100.0, rng, record_cost=False))
    assert agent.learner.total_runs["emr_serverless"] == 1
    assert agent.costs.runs_with_cost("emr_serverless") == 0


def test_a_price_change_is_followed_within_a_few_dozen_runs():
    rng = np.random.default_rng(2)
    agent = DecisionAgent(random_state=0, platforms=["glue"])
    for _ in range(60):
        agent.observe(_run("glue", 100.0, rng))
    for _ in range(30):  # Glue Flex switched on: $0.29 instead of $0.44 per DPU-hour
        agent.observe(_run("glue", 100.0, rng, cost_factor=0.29 / 0.44))
    s = agent.decide(workload(100.0), objective=COST).scores["glue"]
    ratio = s.expected_cost_usd / estimate_cost("glue", s.expected_runtime_s)
    assert ratio == pytest.approx(0.29 / 0.44, rel=0.1)


def test_a_deadline_is_priced_a_free_slow_platform_loses_to_a_paid_fast_one():
    rng = np.random.default_rng(3)
    agent = DecisionAgent(
        random_state=0, platforms=["local", "glue"], prices={"local": {"usd_per_hour": 0.0}}
    )
    for i in range(80):
        gb = float(np.exp(rng.uniform(np.log(100), np.log(1000))))
        agent.observe(_run(("local", "glue")[i % 2], gb, rng))
    # 500 GB: local ~4 h (free), glue ~7 min (~$0.06)
    no_deadline = agent.decide(workload(500.0), objective=COST)
    assert no_deadline.selected_platform == "local"
    assert no_deadline.scores["local"].deadline_miss_probability is None
    tight = agent.decide(workload(500.0), objective={"minimize": "cost", "deadline_seconds": 1800})
    assert tight.selected_platform == "glue"
    glue, local = tight.scores["glue"], tight.scores["local"]
    assert local.deadline_miss_probability > 0.95 and glue.deadline_miss_probability < 0.1
    assert local.expected_cost_usd < glue.expected_cost_usd
    assert glue.expected_objective_usd == pytest.approx(
        glue.expected_cost_usd + 10.0 * glue.deadline_miss_probability
    )
    assert "chance to miss 30.0 min" in tight.reasoning
    assert "glue is cheaper once the deadline risk is priced" in tight.reasoning
    assert tight.objective["deadline_seconds"] == 1800


def test_exploration_never_tries_a_platform_expected_to_cost_k_times_the_best():
    rng = np.random.default_rng(4)
    agent = DecisionAgent(
        random_state=0, platforms=["glue", "emr_serverless"], cost_explore_ratio=1.2, explore=1.0
    )
    for i in range(6):
        agent.observe(_run(("glue", "emr_serverless")[i % 2], 50.0, rng))
    for _ in range(60):
        d = agent.decide(workload(50.0), objective=COST)
        best = min(s.expected_objective_usd for s in d.scores.values() if s.usable)
        assert d.scores[d.selected_platform].expected_objective_usd <= 1.2 * best + 1e-12


def test_store_history_teaches_cost_through_the_follower():
    store = fresh_store()
    rng = np.random.default_rng(5)
    agent = DecisionAgent(store=store, random_state=0, platforms=["glue"])
    agent.decide(workload(10.0))
    for _ in range(5):
        store.put(_run("glue", 10.0, rng, cost_factor=2.0))
    agent.decide(workload(10.0), objective=COST)
    assert agent.costs.runs_with_cost("glue") == 5


def test_confidence_is_the_share_of_draws_where_the_pick_is_cheapest():
    rng = np.random.default_rng(6)
    agent = DecisionAgent(random_state=0, platforms=["glue", "emr_serverless"], explore=False)
    for i in range(40):
        agent.observe(_run(("glue", "emr_serverless")[i % 2], 300.0, rng))
    d = agent.decide(workload(300.0), objective=COST)
    assert 0.0 <= d.confidence <= 1.0
    assert d.confidence == pytest.approx(d.scores[d.selected_platform].probability_best)
    assert sum(s.probability_best for s in d.scores.values()) == pytest.approx(1.0)


def test_an_unreadable_store_document_does_not_stop_decisions(caplog):
    store = fresh_store()
    rng = np.random.default_rng(7)
    for _ in range(3):
        store.put(_run("glue", 10.0, rng))

    def broken(**kw):
        raise ValueError("document 7 is not a learning vector")

    store.query = broken  # a store whose vectors cannot be decoded (its history still loads)
    # the full-history path (the learned-state path reads whole tail vectors, costs included)
    agent = DecisionAgent(store=store, random_state=0, platforms=["glue"], learned_state=False)
    d = agent.decide(workload(10.0), objective=COST)
    assert d.scores["glue"].n_runs == 3
    assert agent.costs.runs_with_cost("glue") == 0
    assert "recorded costs not read" in caplog.text
