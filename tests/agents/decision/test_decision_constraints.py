"""Platform constraints and bad input: never pick what cannot run; name the bad field."""

from __future__ import annotations

import math

import numpy as np
import pytest
from decision_world import fresh_store, run_vector, workload

from strands_airflow.agents.decision import DecisionAgent
from strands_airflow.exceptions import DecisionInputError
from strands_airflow.pipeline.config import PlatformsConfig


def _config(**platforms):
    return PlatformsConfig.model_validate(platforms)


def test_disabled_and_unconfigured_platforms_are_never_chosen():
    cfg = _config(
        local={"enabled": False},
        glue={"enabled": True},  # no job_name: missing a required setting
        emr_serverless={"enabled": True, "application_id": "app-1", "execution_role_arn": "arn:r"},
        **{"lambda": {"enabled": True, "function_name": "etl"}},
    )
    store = fresh_store()
    rng = np.random.default_rng(0)
    for _ in range(30):  # history says local and glue would be the fastest
        store.put(run_vector("local", 0.5, rng))
        store.put(run_vector("glue", 300.0, rng))
    agent = DecisionAgent(store=store, platforms=cfg, random_state=0)
    for gb in (0.2, 5.0, 300.0, 3000.0):
        d = agent.decide(workload(gb))
        assert d.selected_platform in {"emr_serverless", "lambda"}
        assert d.scores["local"].usable is False and d.scores["local"].excluded_reason == "disabled"
        assert "platforms.glue.job_name" in d.scores["glue"].excluded_reason
        assert "glue: not considered (missing platforms.glue.job_name)" in d.reasoning


def test_a_job_past_lambdas_15_minutes_never_goes_to_lambda():
    store = fresh_store()
    rng = np.random.default_rng(1)
    for _ in range(40):  # Lambda is the fastest for small jobs (21 s vs 34 s)...
        store.put(run_vector("lambda", 0.5, rng))
        store.put(run_vector("local", 0.5, rng, slowdown={"local": 2.0}))
    agent = DecisionAgent(store=store, platforms=["lambda", "local"], random_state=1)
    assert agent.decide(workload(0.5)).selected_platform == "lambda"
    for seed in range(20):  # ...but a 200 GB job is predicted at ~2 hours there
        agent.rng = np.random.default_rng(seed)
        d = agent.decide(workload(200.0))
        assert d.selected_platform == "local"
        assert "15-minute limit" in d.scores["lambda"].excluded_reason
    with pytest.raises(DecisionInputError, match="platforms: no platform can run this workload"):
        agent.decide(workload(200.0), platforms=["lambda"])


@pytest.mark.parametrize(
    ("platforms", "message"),
    [
        ([], "platforms is empty; give at least one of local, glue, emr_serverless, lambda, spark"),
        (["glue", "hadoop"], "platforms: unknown platform 'hadoop'; allowed: local, glue"),
        (42, "platforms must be a list of platform ids"),
        (
            {"glue": {"enabled": False}, "local": {"enabled": False}},
            "platforms: no usable platform",
        ),
        ({"glue": {"worker": 3}}, "platforms: not a valid platforms section"),
    ],
)
def test_bad_platform_lists_name_the_field_and_the_allowed_ids(platforms, message):
    with pytest.raises(DecisionInputError, match=message.replace("(", r"\(")):
        DecisionAgent(platforms=platforms)
    with pytest.raises(DecisionInputError, match=message.replace("(", r"\(")):
        DecisionAgent().decide({"data_volume": "low"}, platforms=platforms)


@pytest.mark.parametrize(
    ("workload", "field", "allowed"),
    [
        ({"data_volume": "huge"}, "workload.data_volume", "low, medium, high"),
        ({"complexity": 3}, "workload.complexity", "low, medium, high"),
        ({"data_volume_gb": -1}, "workload.data_volume_gb", "greater than or equal to 0"),
        ({"data_volume_gb": math.nan}, "workload.data_volume_gb", "finite"),
        ({"num_joins": -2}, "workload.num_joins", "greater than or equal to 0"),
        ({"transform": "scala"}, "workload.transform", "sql, pyspark"),
    ],
)
def test_bad_workloads_name_the_field_and_what_is_allowed(workload, field, allowed):
    with pytest.raises(DecisionInputError) as err:
        DecisionAgent().decide(workload)
    assert field in str(err.value) and allowed in str(err.value)


def test_platform_aliases_and_one_id():
    agent = DecisionAgent(platforms=["EMR", "duckdb"], random_state=0)
    assert agent.platforms.usable == ("emr_serverless", "local")
    assert DecisionAgent(platforms="glue").decide({}).selected_platform == "glue"


def test_lambda_runtime_near_its_limit_counts_as_failure_risk(monkeypatch):
    # A job predicted a bit under 15 minutes may still run past them (noise, model
    # error): the chance of being killed at the limit is part of Lambda's failure risk.
    from strands_airflow.agents.decision import learner as learner_mod
    from strands_airflow.agents.decision.priors import design_matrix
    from strands_airflow.core.features import feature_values

    learner = learner_mod.PlatformLearner()
    z = np.zeros((4, 1))

    def point(gb):
        x = design_matrix(np.asarray(feature_values({"data_volume_gb": gb})))
        return learner.sample_penalized("lambda", x, z)[1]

    with_limit = {gb: point(gb) for gb in (0.1, 12.0)}
    monkeypatch.setattr(learner_mod, "TIME_LIMITS_S", {})
    without = {gb: point(gb) for gb in (0.1, 12.0)}
    assert 500 < without[12.0]["median_runtime_s"] < 900, "predicted under the limit"
    gain = with_limit[12.0]["failure_probability"] - without[12.0]["failure_probability"]
    assert gain > 0.02, "near the limit, being killed adds failure risk"
    tiny = with_limit[0.1]["failure_probability"] - without[0.1]["failure_probability"]
    assert abs(tiny) < 1e-6, "a 5-second job is never near the limit"
