"""Workload validation and the feature embedding the Decision agent learns from."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import ValidationError

from strands_airflow.core.features import (
    EMBEDDING_DIM,
    FEATURE_NAMES,
    FEATURE_SCHEMA_VERSION,
    stored_workload_features,
    workload_features,
)
from strands_airflow.core.workload import Workload
from strands_airflow.exceptions import DecisionInputError


def test_levels_are_case_insensitive_and_extra_keys_kept():
    w = Workload.parse({"data_volume": " HIGH ", "complexity": "Low", "team": "sales"})
    assert (w.data_volume, w.complexity) == ("high", "low")
    assert w.as_payload() == {"data_volume": "high", "complexity": "low", "team": "sales"}


@pytest.mark.parametrize(
    ("bad", "field", "hint"),
    [
        ({"data_volume": "huge"}, "data_volume", "low, medium, high"),
        ({"criticality": 3}, "criticality", "low, medium, high"),
        ({"data_volume_gb": -1}, "data_volume_gb", "greater than or equal to 0"),
        ({"data_volume_gb": math.nan}, "data_volume_gb", "finite"),
        ({"data_volume_gb": math.inf}, "data_volume_gb", "finite"),
        ({"num_joins": -2}, "num_joins", "greater than or equal to 0"),
        ({"num_joins": 1.5}, "num_joins", "integer"),
        ({"source_count": 0}, "source_count", "greater than or equal to 1"),
        ({"transform": "scala"}, "transform", "sql, pyspark"),
    ],
)
def test_bad_input_names_the_field_and_what_is_allowed(bad, field, hint):
    with pytest.raises(DecisionInputError) as err:
        Workload.parse(bad)
    assert f"workload.{field}" in str(err.value)
    assert hint in str(err.value)
    with pytest.raises(ValidationError):
        Workload(**bad)


def test_missing_side_is_derived():
    from_levels = Workload.parse({"data_volume": "low", "complexity": "high"})
    assert from_levels.effective_data_volume_gb < 10
    assert from_levels.effective_num_joins >= 5
    from_numbers = Workload.parse({"data_volume_gb": 500, "num_joins": 0, "transform": "sql"})
    assert from_numbers.effective_data_volume == "high"
    assert from_numbers.effective_complexity == "low"
    assert Workload.parse({"data_volume_gb": 50}).effective_data_volume == "medium"


def test_features_shape_dtype_and_determinism():
    assert FEATURE_SCHEMA_VERSION == 1 and len(FEATURE_NAMES) == EMBEDDING_DIM
    for workload in ({}, {"data_volume": "high"}, {"data_volume_gb": 2.5, "transform": "pyspark"}):
        a, b = workload_features(workload), workload_features(Workload.parse(workload))
        assert a.dtype == np.float32 and a.shape == (EMBEDDING_DIM,)
        assert np.array_equal(a, b)
        assert a[FEATURE_NAMES.index("bias")] == 1.0
        assert np.all(np.isfinite(a)) and np.all(np.abs(a) <= 3.0)


def test_levels_and_matching_numbers_embed_alike():
    by_level = workload_features({"data_volume": "high", "complexity": "medium"})
    by_number = workload_features({"data_volume_gb": 300, "num_joins": 2})
    assert np.allclose(by_level, by_number)
    small = workload_features({"data_volume_gb": 1})
    big = workload_features({"data_volume_gb": 10_000})
    i = FEATURE_NAMES.index("log_volume")
    assert small[i] < by_level[i] < big[i]


def test_features_condition_a_linear_model():
    # A spread of realistic workloads: the design matrix must be far from singular.
    rng = np.random.default_rng(0)
    rows = [
        workload_features(
            {
                "data_volume_gb": float(rng.lognormal(2, 2)),
                "num_joins": int(rng.integers(0, 12)),
                "source_count": int(rng.integers(1, 6)),
                "transform": str(rng.choice(["sql", "pyspark"])),
                "criticality": str(rng.choice(["low", "medium", "high"])),
                "complexity": str(rng.choice(["low", "medium", "high"])),
            }
        )
        for _ in range(400)
    ]
    assert np.linalg.cond(np.stack(rows).astype(np.float64)) < 1e3


def test_stored_history_with_bad_fields_still_embeds():
    got = stored_workload_features({"data_volume": "huge", "num_joins": 3})
    assert got == stored_workload_features({"num_joins": 3})
