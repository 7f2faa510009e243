"""List prices, their overrides (argument and Airflow Variable) and the cost of one run."""

from __future__ import annotations

import pytest

from strands_airflow.execution.pricing import (
    DEFAULT_PRICES,
    PRICES_REGION,
    estimate_cost,
    get_prices,
)


def test_defaults_are_us_east_1_list_prices():
    assert PRICES_REGION == "us-east-1"
    assert DEFAULT_PRICES["glue"]["usd_per_dpu_hour"] == 0.44
    assert DEFAULT_PRICES["lambda"]["usd_per_gb_second"] == 0.0000166667
    assert DEFAULT_PRICES["emr_serverless"]["usd_per_vcpu_hour"] == 0.052624
    assert estimate_cost("local", 3600) == 0.0


def test_glue_bills_a_one_minute_minimum_and_prefers_reported_dpu_seconds():
    settings = {"worker_type": "G.2X", "number_of_workers": 5}
    assert estimate_cost("glue", 10, settings=settings) == pytest.approx(2 * 5 * 60 / 3600 * 0.44)
    assert estimate_cost(
        "glue", 600, settings=settings, usage={"DPUSeconds": 1800}
    ) == pytest.approx(0.22)


def test_lambda_and_emr_serverless():
    assert estimate_cost("lambda", 10, settings={"memory_mb": 512}) == pytest.approx(
        0.5 * 10 * 0.0000166667 + 2e-7
    )
    usage = {"billedResourceUtilization": {"vCPUHour": 1, "memoryGBHour": 4, "storageGBHour": 0}}
    assert estimate_cost("emr_serverless", 99, usage=usage) == pytest.approx(
        0.052624 + 4 * 0.0057785
    )
    assert estimate_cost("unknown_platform", 10) is None


def test_overrides_merge_over_defaults_argument_then_variable(monkeypatch):
    monkeypatch.setenv("AIRFLOW_VAR_STRANDS_PRICING", '{"glue": {"usd_per_dpu_hour": 0.29}}')
    prices = get_prices({"local": {"usd_per_hour": 1.2}}, variable_key="strands_pricing")
    assert prices["glue"]["usd_per_dpu_hour"] == 0.29  # Glue Flex, from the Variable
    assert prices["glue"]["minimum_billed_seconds"] == 60  # untouched keys stay
    assert estimate_cost("local", 1800, prices=prices) == pytest.approx(0.6)
    assert DEFAULT_PRICES["glue"]["usd_per_dpu_hour"] == 0.44  # defaults are not mutated


def test_variable_that_is_not_json_keeps_list_prices(monkeypatch):
    monkeypatch.setenv("AIRFLOW_VAR_STRANDS_PRICING", "{not json")
    assert get_prices(variable_key="strands_pricing") == DEFAULT_PRICES
