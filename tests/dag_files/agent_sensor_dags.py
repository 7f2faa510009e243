"""DAGs for the per-agent sensors: a `produce` task writes what an agent would (a bus message
when Redis is configured, else the store's report / vector), and the sensor waits for it.

`params.kind` picks what is produced; `params.score` is the quality score written.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, task

from strands_airflow.sensors import (
    StrandsDecisionSensor,
    StrandsLearningSensor,
    StrandsQualitySensor,
)


@task
def produce(kind: str, score: float, vectors: int = 1, **context):
    """Announce on the Redis bus when configured, else store, like the agents' steps do."""
    from strands_airflow.bus.message import MessageType, build_message
    from strands_airflow.hooks.strands import StrandsHook
    from strands_airflow.operators.base import correlation_id_for
    from strands_airflow.triggers.agents import redis_bus_or_none
    from strands_airflow.vectors.model import LearningVector

    cid = correlation_id_for(context)
    hook = StrandsHook()
    store = hook.get_store()
    vector = LearningVector.from_run(
        workload={"data_volume_gb": 1.0},
        platform="local",
        metrics={"execution_time_seconds": 2.0, "success": True},
        decision={"selected_platform": "local", "confidence": 0.8},
        run_key=f"{cid}/learning",
    )
    values = {
        "decision": (MessageType.DECISION_MADE, {"selected_platform": "local", "confidence": 0.8}),
        "quality": (MessageType.QUALITY_REPORT, {"overall_score": score, "run_id": cid}),
        "learning": (MessageType.LEARNING_UPDATE, {"vector_id": vector.vector_id}),
    }
    mtype, payload = values[kind]
    bus = redis_bus_or_none(None, "redis_default")
    if bus is not None:
        import asyncio

        async def announce() -> None:
            # bury the run's message under other runs' traffic: the sensor must page through
            try:
                for i in range(1200):
                    await bus.publish(
                        build_message(
                            sender="noise",
                            message_type=mtype,
                            payload=payload,
                            correlation_id=f"x/{i}",
                        )
                    )
                await bus.publish(
                    build_message(
                        sender="agent", message_type=mtype, payload=payload, correlation_id=cid
                    )
                )
            finally:
                await bus.aclose()

        asyncio.run(announce())
        return "bus"
    if kind == "learning":
        for i in range(vectors):
            store.put(vector if i == 0 else vector.model_copy(update={"vector_id": f"v{i}"}))
    else:
        store.put_report(kind, cid, payload)
    return "store"


with DAG(
    "strands_test_decision_sensor", schedule=None, start_date=datetime(2025, 1, 1)
) as decision_dag:
    produce.override(task_id="produce")("decision", 0.0) >> StrandsDecisionSensor(
        task_id="wait", timeout=60, poke_interval=0.2
    )

with DAG(
    "strands_test_quality_sensor", schedule=None, start_date=datetime(2025, 1, 1)
) as quality_dag:
    produce.override(task_id="produce")("quality", 0.9) >> StrandsQualitySensor(
        task_id="wait", min_score=0.8, timeout=60, poke_interval=0.2
    )

with DAG(
    "strands_test_quality_sensor_fail", schedule=None, start_date=datetime(2025, 1, 1)
) as quality_fail_dag:
    produce.override(task_id="produce")("quality", 0.4) >> StrandsQualitySensor(
        task_id="wait", min_score=0.8, fail_below=True, timeout=60, poke_interval=0.2
    )

with DAG(
    "strands_test_learning_sensor", schedule=None, start_date=datetime(2025, 1, 1)
) as learning_dag:
    produce.override(task_id="produce")("learning", 0.0) >> StrandsLearningSensor(
        task_id="wait", timeout=60, poke_interval=0.2
    )

with DAG(
    "strands_test_learning_count_sensor", schedule=None, start_date=datetime(2025, 1, 1)
) as learning_count_dag:
    produce.override(task_id="produce")("learning", 0.0, vectors=3) >> StrandsLearningSensor(
        task_id="wait", min_vectors=3, platform="local", timeout=60, poke_interval=0.2
    )

with DAG(
    "strands_test_quality_sensor_poke", schedule=None, start_date=datetime(2025, 1, 1)
) as quality_poke_dag:
    produce.override(task_id="produce")("quality", 0.9) >> StrandsQualitySensor(
        task_id="wait", min_score=0.8, deferrable=False, timeout=30, poke_interval=0.2
    )

with DAG(
    "strands_test_decision_from_vector", schedule=None, start_date=datetime(2025, 1, 1)
) as decision_from_vector_dag:
    # no decision report: the run's learning vector keeps the decision it was made with
    produce.override(task_id="produce")("learning", 0.0) >> StrandsDecisionSensor(
        task_id="wait", source="store", timeout=60, poke_interval=0.2
    )
