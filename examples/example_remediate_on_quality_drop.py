"""Example DAG: remediate when a pipeline's quality drops (event-driven, no schedule).

An `AssetWatcher` runs `MessageQueueTrigger(scheme="strands+redis", ...)` in the
triggerer: it watches the Strands bus's QUALITY_REPORT stream (XREAD, without taking
anything from the agents' consumer groups) and, when a report of ``orders_daily`` scores
below 0.8, records an asset event that starts this DAG. The triggering message is in the
event's extra. Needs the Redis bus (`redis_default`) and
``pip install "strands-airflow[events]"`` (the common-messaging provider).

Copy it into your dags folder.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger
from airflow.sdk import DAG, Asset, AssetWatcher, task

quality_drop = Asset(
    "strands_orders_daily_quality_drop",
    watchers=[
        AssetWatcher(
            name="orders_daily_quality_drop",
            trigger=MessageQueueTrigger(
                scheme="strands+redis",
                message_types=["quality_report"],
                quality_below=0.8,
                correlation_prefix="orders_daily/",
                watcher_id="orders_daily_quality_drop",
            ),
        )
    ],
)

with DAG(
    dag_id="strands_remediate_on_quality_drop",
    schedule=[quality_drop],
    catchup=False,
    tags=["strands", "event-driven", "example"],
    default_args={"retries": 1, "retry_delay": timedelta(seconds=30)},
) as dag:

    @task
    def remediate(triggering_asset_events=None) -> list[dict]:
        """Log what dropped; replace with your remediation (rerun, quarantine, page)."""
        dropped = []
        for events in (triggering_asset_events or {}).values():
            for event in events:
                message = (event.extra or {}).get("payload") or {}
                report = message.get("payload") or {}
                dropped.append(
                    {
                        "run": message.get("correlation_id"),
                        "score": report.get("overall_score"),
                        "failed_checks": report.get("failed_checks"),
                    }
                )
        print(f"quality dropped: {dropped}")
        return dropped

    remediate()
