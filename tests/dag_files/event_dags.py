"""An event-driven DAG: a watcher on the Strands bus's quality reports (see
tests/triggers/test_strands_queue_triggerer.py, which runs it in a real triggerer)."""

from __future__ import annotations

from datetime import datetime

from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Asset, AssetWatcher

WATCHER_ID = "strands_test_quality_drop"

quality_drop = Asset(
    "strands_test_quality_drop",
    watchers=[
        AssetWatcher(
            name="quality_drop",
            trigger=MessageQueueTrigger(
                scheme="strands+redis",
                message_types=["quality_report"],
                quality_below=0.8,
                watcher_id=WATCHER_ID,
                block_ms=500,
            ),
        )
    ],
)

with DAG(
    "strands_test_on_quality_drop", schedule=[quality_drop], start_date=datetime(2025, 1, 1)
) as on_quality_drop_dag:
    EmptyOperator(task_id="remediate")
