"""Example: the Decision agent learning where jobs should run, offline.

It starts with no history (cold start: the seed's rules, low confidence), then learns from
simulated runs in which Glue is much faster than local DuckDB for big jobs, and shows the
decision and its confidence change.

    python examples/example_decision_agent.py
"""

import random

from strands_airflow import LearningVector, LearningVectorStore, StrandsDecisionAgent

BIG_JOB = {"data_volume": "high", "data_volume_gb": 400, "num_joins": 6, "transform": "sql"}


def simulated_runtime(platform: str, gb: float) -> float:
    """A toy world: local is fine for small data, Glue scales."""
    return {"local": 5 + gb * 3.0, "glue": 90 + gb * 0.4}[platform]


def main() -> None:
    store = LearningVectorStore("memory://")
    agent = StrandsDecisionAgent(store=store, platforms=["local", "glue"], random_state=7)

    first = agent.decide(BIG_JOB)
    print(f"cold start: {first.selected_platform} (confidence {first.confidence:.2f})")

    rng = random.Random(7)
    for i in range(40):
        gb = rng.choice([0.5, 5, 50, 200, 400])
        workload = {"data_volume_gb": gb, "num_joins": rng.randint(0, 6), "transform": "sql"}
        platform = agent.decide(workload).selected_platform
        seconds = simulated_runtime(platform, gb) * rng.uniform(0.9, 1.1)
        store.put(
            LearningVector.from_run(
                workload=workload,
                platform=platform,
                metrics={"execution_time_seconds": seconds, "success": True},
                run_key=("example", f"run_{i}"),
            )
        )

    after = agent.decide(BIG_JOB)
    print(f"after 40 runs: {after.selected_platform} (confidence {after.confidence:.2f})")
    print(after.reasoning)


if __name__ == "__main__":
    main()
