"""The per-agent sensors under dag.test(), on both sources: the Redis bus (real Redis, the
run's message behind 1,200 messages of other runs, so a check pages through) and the file
store (no Redis connection: the embedded default)."""

from __future__ import annotations

import pytest
from tests_support import use_redis_bus


@pytest.fixture(params=["bus", "store"])
def source(request, monkeypatch, tmp_path, airflow_db):
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    if request.param == "bus":
        prefix = request.getfixturevalue("stream_prefix")
        use_redis_bus(monkeypatch, prefix)
    else:
        # no Redis: a connection that does not exist means the in-process bus
        monkeypatch.setenv("AIRFLOW_CONN_REDIS_DEFAULT", "")
        monkeypatch.delenv("AIRFLOW_CONN_REDIS_DEFAULT")
    return request.param


def _run(dag):
    dr = dag.test()
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    produce = dr.get_task_instance("produce").xcom_pull(task_ids="produce")
    wait = dr.get_task_instance("wait").xcom_pull(task_ids="wait")
    return dr, states, produce, wait


def test_decision_sensor_gets_the_runs_decision(source):
    from dag_files.agent_sensor_dags import decision_dag

    _, states, produced_on, value = _run(decision_dag)
    assert states == {"produce": "success", "wait": "success"}, states
    assert produced_on == source
    assert value["selected_platform"] == "local" and value["confidence"] == 0.8


def test_quality_sensor_waits_for_a_report_reaching_the_score(source):
    from dag_files.agent_sensor_dags import quality_dag

    dr, states, produced_on, value = _run(quality_dag)
    assert states == {"produce": "success", "wait": "success"}, states
    assert produced_on == source
    assert value["overall_score"] == 0.9 and value["run_id"] == f"{quality_dag.dag_id}/{dr.run_id}"


def test_quality_sensor_fails_fast_below_the_score(source, capfd):
    from dag_files.agent_sensor_dags import quality_fail_dag

    _, states, _, _ = _run(quality_fail_dag)
    assert states == {"produce": "success", "wait": "failed"}, states
    assert "is 0.4, below the minimum 0.8" in capfd.readouterr().out


def test_learning_sensor_gets_the_runs_vector(source):
    from dag_files.agent_sensor_dags import learning_dag

    from strands_airflow.vectors.model import LearningVector

    dr, states, produced_on, value = _run(learning_dag)
    assert states == {"produce": "success", "wait": "success"}, states
    assert produced_on == source
    expected = LearningVector.id_for_run(f"{learning_dag.dag_id}/{dr.run_id}/learning")
    assert value["vector_id"] == expected


def test_learning_sensor_counts_vectors_in_the_store(airflow_db, monkeypatch, tmp_path):
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    monkeypatch.delenv("AIRFLOW_CONN_REDIS_DEFAULT", raising=False)
    from dag_files.agent_sensor_dags import learning_count_dag

    _, states, _, value = _run(learning_count_dag)
    assert states == {"produce": "success", "wait": "success"}, states
    assert value == {"vectors": 3}


def test_poke_mode_reads_every_page_of_the_bus(source):
    from dag_files.agent_sensor_dags import quality_poke_dag

    _, states, produced_on, value = _run(quality_poke_dag)
    assert states == {"produce": "success", "wait": "success"}, states
    assert produced_on == source and value["overall_score"] == 0.9


def test_bad_arguments_name_the_argument():
    from strands_airflow.sensors import StrandsLearningSensor, StrandsQualitySensor

    with pytest.raises(ValueError, match="min_score=2; use 0..1"):
        StrandsQualitySensor(task_id="q", min_score=2)
    with pytest.raises(ValueError, match="fail_below=True needs min_score"):
        StrandsQualitySensor(task_id="q", fail_below=True)
    with pytest.raises(ValueError, match="min_vectors >= 1 or vector_id, not both"):
        StrandsLearningSensor(task_id="l", min_vectors=2, vector_id="v")


def test_decision_sensor_reads_the_runs_vector_without_a_decision_report(
    airflow_db, monkeypatch, tmp_path
):
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    monkeypatch.delenv("AIRFLOW_CONN_REDIS_DEFAULT", raising=False)
    from dag_files.agent_sensor_dags import decision_from_vector_dag

    _, states, produced_on, value = _run(decision_from_vector_dag)
    assert states == {"produce": "success", "wait": "success"}, states
    assert produced_on == "store"
    assert value["selected_platform"] == "local" and value["decision_confidence"] == 0.8
