from __future__ import annotations


def test_reference_dag_runs(airflow_db, tmp_path, monkeypatch):
    monkeypatch.setenv("AIRFLOW__STRANDS__HOME", str(tmp_path))
    from strands_reference_pipeline import dag

    dr = dag.test()
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    print(states)
    assert states == dict.fromkeys(
        ["decision", "execution", "quality", "optimization", "learning"], "success"
    )
