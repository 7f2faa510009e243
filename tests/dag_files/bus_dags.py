"""DAGs exercising the bus from Airflow: publish + deferrable sensor, and a sensor timeout."""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG

from strands_airflow.operators.publish import StrandsPublishOperator
from strands_airflow.sensors.message import StrandsMessageSensor

with DAG(
    "strands_test_publish_sensor", schedule=None, start_date=datetime(2025, 1, 1)
) as publish_sensor_dag:
    publish = StrandsPublishOperator(
        task_id="publish",
        message_type="DECISION_MADE",
        payload={"selected_platform": "{{ params.platform }}"},
        target="execution_agent",
        params={"platform": "glue"},
    )
    wait = StrandsMessageSensor(
        task_id="wait", message_type="decision_made", target="execution_agent", timeout=30
    )
    publish >> wait

with DAG(
    "strands_test_sensor_timeout", schedule=None, start_date=datetime(2025, 1, 1)
) as sensor_timeout_dag:
    StrandsMessageSensor(task_id="wait", message_type="QUALITY_REPORT", target="nobody", timeout=2)
