"""DAGs for the execution operator's cancellation (tests/operators/test_cancellation.py).

Both run a Glue job on moto that stays RUNNING, and make the operator meet what Airflow
does to it: a deferral timeout (the worker resumes the task with ``__fail__`` /
TRIGGER_TIMEOUT right after it deferred), or a kill while a worker waits (``on_kill``
from another thread, as the task runner's SIGTERM handler does).
"""

from __future__ import annotations

import threading
from datetime import datetime

from airflow.sdk import DAG

from strands_airflow.operators.execution import StrandsExecutionOperator


class DeferralTimesOut(StrandsExecutionOperator):
    """Defers for real (the Glue run is started, its id pushed), then the deferral times out."""

    def execute(self, context):
        from airflow.sdk.bases.operator import TRIGGER_FAIL_REPR, TriggerFailureReason
        from airflow.sdk.exceptions import TaskDeferred

        try:
            return super().execute(context)
        except TaskDeferred:
            return self.resume_execution(
                TRIGGER_FAIL_REPR, {"error": TriggerFailureReason.TRIGGER_TIMEOUT}, context
            )


class KilledWhileWaiting(StrandsExecutionOperator):
    """Waits on the worker (deferrable=False); killed once the run is going."""

    def execute(self, context):
        def kill_when_running() -> None:
            for _ in range(400):
                if self._active is not None:
                    self.on_kill()
                    return
                threading.Event().wait(0.05)

        killer = threading.Thread(target=kill_when_running, daemon=True)
        killer.start()
        try:
            return super().execute(context)
        finally:
            killer.join(timeout=30)


PARAMS = {"config_path": ""}

with DAG(
    "strands_test_cancel_on_timeout",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    params=PARAMS,
) as cancel_on_timeout_dag:
    DeferralTimesOut(
        task_id="execution",
        config_path="{{ params.config_path }}",
        platform="glue",
        decision_task_id=None,
        deferrable=True,
        poll_interval=1,
    )

with DAG(
    "strands_test_cancel_on_kill",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    params=PARAMS,
) as cancel_on_kill_dag:
    KilledWhileWaiting(
        task_id="execution",
        config_path="{{ params.config_path }}",
        platform="glue",
        decision_task_id=None,
        deferrable=False,
        poll_interval=0.05,
    )
