"""A DAG where one task publishes and a deferrable sensor waits for it, under dag.test()."""

from __future__ import annotations

from tests_support import use_redis_bus


def test_publish_then_deferrable_sensor_gets_message(airflow_db, monkeypatch, stream_prefix):
    use_redis_bus(monkeypatch, stream_prefix)
    from dag_files.bus_dags import publish_sensor_dag as dag

    assert dag.get_task("wait").deferrable is True
    dr = dag.test()
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    assert states == {"publish": "success", "wait": "success"}, states
    published = dr.get_task_instance("publish").xcom_pull(task_ids="publish")
    received = dr.get_task_instance("wait").xcom_pull(task_ids="wait")
    assert published["payload"] == {"selected_platform": "glue"}
    assert published["target"] == "execution_agent"
    assert received["id"] == published["id"]
    assert received["correlation_id"] == f"{dag.dag_id}/{dr.run_id}"


def test_sensor_times_out_naming_what_it_waited_for(airflow_db, monkeypatch, stream_prefix, capfd):
    use_redis_bus(monkeypatch, stream_prefix)
    from dag_files.bus_dags import sensor_timeout_dag as dag

    dr = dag.test()
    assert dr.get_task_instance("wait").state == "failed"
    out = capfd.readouterr().out
    assert "timed out after 2s waiting for a message with type=quality_report, target=nobody" in out
    assert f"correlation_id={dag.dag_id}/{dr.run_id}" in out


def test_trigger_serializes_to_its_init_kwargs():
    from strands_airflow.triggers.message import StrandsMessageTrigger

    trig = StrandsMessageTrigger(
        message_type="decision_made",
        since_ms=123,
        timeout_seconds=5,
        target="a",
        correlation_id="d/r",
    )
    path, kwargs = trig.serialize()
    assert path == "strands_airflow.triggers.message.StrandsMessageTrigger"
    again = StrandsMessageTrigger(**kwargs)
    assert again.serialize() == (path, kwargs)
