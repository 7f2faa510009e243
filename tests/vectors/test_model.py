"""LearningVector: the seed's JSON shape, deterministic ids, versioned embeddings."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from strands_airflow.core.features import EMBEDDING_DIM, FEATURE_SCHEMA_VERSION
from strands_airflow.vectors.model import LearningVector

SEED_KEYS = {
    "vector_id",
    "timestamp",
    "workload_characteristics",
    "execution_metrics",
    "decision_context",
    "performance_indicators",
    "learning_insights",
}


def test_from_run_has_the_seed_shape_and_a_current_embedding():
    v = LearningVector.from_run(
        workload={"data_volume": "high", "complexity": "medium"},
        platform="glue",
        metrics={"execution_time_seconds": 321.5, "status": "completed", "rows_written": 10},
        decision={"selected_platform": "glue", "confidence": 0.8, "reasoning": "big data"},
        quality={"overall_score": 0.97},
        optimization={"recommendations": [{"action": "partition"}, {"action": "cache"}]},
        run_key="sales/scheduled__2026-01-01/learning",
        insights="glue handled it",
    )
    doc = json.loads(v.to_json())
    assert set(doc) == SEED_KEYS | {"embedding", "feature_schema_version"}
    assert doc["execution_metrics"] == {
        "platform_used": "glue",
        "execution_time_seconds": 321.5,
        "data_quality_score": 0.97,
        "status": "completed",
        "success": True,
        "rows_written": 10,
    }
    assert doc["decision_context"] == {
        "selected_platform": "glue",
        "decision_confidence": 0.8,
        "decision_reasoning": "big data",
    }
    assert doc["performance_indicators"]["recommendations_count"] == 2
    assert len(doc["embedding"]) == EMBEDDING_DIM
    assert doc["feature_schema_version"] == FEATURE_SCHEMA_VERSION


def test_retry_of_a_run_gives_the_same_id():
    key = ("sales", "manual__2026-02-01T00:00:00+00:00", "learning")
    a = LearningVector.from_run(workload={}, platform="local", metrics={}, run_key=key)
    b = LearningVector.from_run(workload={}, platform="local", metrics={}, run_key="/".join(key))
    c = LearningVector.from_run(
        workload={},
        platform="local",
        metrics={},
        run_key={"dag_id": key[0], "run_id": key[1], "agent": key[2]},
    )
    other = LearningVector.from_run(
        workload={}, platform="local", metrics={}, run_key=(key[0], "another", key[2])
    )
    assert a.vector_id == b.vector_id == c.vector_id != other.vector_id


def test_failed_run_is_recorded_as_failed():
    v = LearningVector.from_run(workload={}, platform="lambda", metrics={"status": "failed"})
    assert v.execution_metrics.success is False
    assert v.execution_metrics.status == "failed"


def test_missing_required_field_names_the_field():
    doc = json.loads(LearningVector.from_run(workload={}, platform="glue", metrics={}).to_json())
    del doc["execution_metrics"]["platform_used"]
    with pytest.raises(ValidationError, match="execution_metrics.platform_used"):
        LearningVector.model_validate(doc)
    del doc["vector_id"]
    with pytest.raises(ValidationError, match="vector_id"):
        LearningVector.model_validate(doc)


def test_a_seed_vector_file_loads_as_is():
    # What the seed's learning agent wrote: naive utc time, extra keys, no embedding.
    seed = {
        "vector_id": "0b7c1f1e-1111-4a4a-9999-123456789abc",
        "correlation_id": "corr-1",
        "timestamp": "2025-03-01T10:00:00.123456",
        "agent_type": "learning",
        "workload_characteristics": {"data_volume": "very_high", "complexity": "high"},
        "execution_metrics": {
            "platform_used": "emr",
            "execution_time_seconds": None,
            "data_quality_score": 0.95,
            "status": "completed",
            "success": True,
        },
        "decision_context": {
            "selected_platform": "emr",
            "decision_confidence": 0.9,
            "decision_reasoning": "",
        },
        "performance_indicators": {"efficiency_score": 0.85},
        "quality_metrics": {"overall_score": 0.95},
        "full_context": {"config": {}},
        "learning_insights": "EMR was fine.",
    }
    v = LearningVector.model_validate_json(json.dumps(seed))
    assert v.timestamp.tzinfo is not None and v.timestamp.hour == 10
    assert v.embedding is not None and v.feature_schema_version == FEATURE_SCHEMA_VERSION
    assert "correlation_id" not in json.loads(v.to_json())


def test_embedding_of_another_schema_version_is_recomputed():
    v = LearningVector.from_run(workload={"data_volume": "low"}, platform="local", metrics={})
    old = json.loads(v.to_json())
    old["feature_schema_version"] = 0
    old["embedding"] = [9.0, 9.0]
    again = LearningVector.model_validate(old)
    assert again.embedding == v.embedding
    assert again.feature_schema_version == FEATURE_SCHEMA_VERSION
