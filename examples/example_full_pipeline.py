"""Example: a whole pipeline through the seed's coordinator API, offline.

Runs the shipped `orders_daily` sample (2M generated orders, created on first use under
the Strands home) three times on the embedded defaults: in-process bus, file vector store,
local DuckDB. Set AIRFLOW__STRANDS__HOME to choose where state goes.

    python examples/example_full_pipeline.py
"""

import asyncio

from strands_airflow import StrandsCoordinator
from strands_airflow.pipeline.sample_data import sample_config_path


async def main() -> None:
    coordinator = StrandsCoordinator()
    await coordinator.initialize()
    try:
        for i in range(3):
            result = await coordinator.orchestrate_pipeline(
                "Revenue per customer from yesterday's orders", sample_config_path("orders_daily")
            )
            decision = result.get("decision", {})
            quality = result["quality_reports"][0] if result["quality_reports"] else {}
            print(
                f"run {i + 1}: {result['status']} on {decision.get('selected_platform')} "
                f"(confidence {decision.get('confidence', 0):.2f}), "
                f"{result.get('execution_result', {}).get('execution_time_seconds', 0):.2f} s, "
                f"quality {quality.get('overall_score', 0):.2f}"
            )
        summary = await coordinator.get_learning_summary()
        print(
            f"\nlearned from {summary['total_runs']} runs, success rate {summary['success_rate']:.0%}"
        )
        for name, m in (await coordinator.get_agent_metrics()).items():
            print(f"  {name}: {m['messages_processed']} messages, {m['errors']} errors")
    finally:
        await coordinator.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
