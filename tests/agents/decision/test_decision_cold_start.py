"""With no history the agent follows rules of thumb, says so, and is not confident."""

from __future__ import annotations

from decision_world import fresh_store

from strands_airflow.agents.decision import Decision, DecisionAgent


def test_no_history_uses_rules_with_low_confidence():
    agent = DecisionAgent(store=fresh_store(), random_state=1)
    small = agent.decide({"data_volume": "low", "complexity": "low", "transform": "sql"})
    big = agent.decide({"data_volume_gb": 2000, "num_joins": 6, "transform": "pyspark"})

    assert isinstance(small, Decision) and small.cold_start and big.cold_start
    assert small.selected_platform in {"local", "lambda"}, "small SQL stays cheap"
    assert big.selected_platform in {"glue", "emr_serverless"}, "2 TB goes to a cluster"
    assert small.confidence <= 0.5 and big.confidence <= 0.5
    assert "No run history yet" in big.reasoning
    # 2 TB is hours on Lambda: past its 15-minute limit, so never offered.
    assert big.scores["lambda"].usable is False
    assert "15-minute limit" in big.scores["lambda"].excluded_reason


def test_decision_serialises_for_xcom():
    decision = DecisionAgent(random_state=0).decide({"data_volume": "medium"})
    data = decision.model_dump(mode="json")
    assert data["selected_platform"] == decision.selected_platform
    assert set(data["scores"]) == {"local", "glue", "emr_serverless", "lambda", "spark"}
    for score in data["scores"].values():
        if score["usable"]:
            assert score["expected_penalized_runtime_s"] > 0
            assert score["uncertainty_s"] >= 0
            assert 0.0 <= score["failure_probability"] <= 1.0
    assert 0.0 <= data["confidence"] <= 1.0
    assert decision.confidence_score == decision.confidence  # the seed's name


def test_prior_failure_rate_of_tiny_jobs_is_the_rules_base_rate():
    # The rules give local and Lambda the same base failure rate; Lambda's memory limit
    # starts at a few GB. Fitting that limit must not tilt tiny jobs' failure rate (at
    # 1800 s a failure, a fit leftover of 0.4 points would outweigh the runtime rules).
    import numpy as np

    from strands_airflow.agents.decision.priors import rule_estimate
    from strands_airflow.core.features import feature_values

    for gb in (0.01, 0.1, 0.5):
        emb = np.asarray(feature_values({"data_volume_gb": gb, "num_joins": 1}))
        p_local = rule_estimate("local", emb)[1]
        p_lambda = rule_estimate("lambda", emb)[1]
        assert abs(p_lambda - p_local) < 0.0015, (gb, p_local, p_lambda)
    emb = np.asarray(feature_values({"data_volume_gb": 30.0, "num_joins": 1}))
    assert rule_estimate("lambda", emb)[1] > 0.5, "past Lambda's memory, failure dominates"
