"""Provider metadata read by Airflow through the `apache_airflow_provider` entry point."""

from __future__ import annotations

from typing import Any

from strands_airflow.config_options import provider_config
from strands_airflow.version import __version__


def get_provider_info() -> dict[str, Any]:
    """Describe the provider: name, versions, hooks, connection types, config section."""
    return {
        "package-name": "strands-airflow",
        "name": "Strands",
        "description": (
            "Self-learning ETL for Apache Airflow 3: decision, execution, quality, "
            "optimization and learning agents over a hybrid XCom + Redis Streams bus."
        ),
        "versions": [__version__],
        "integrations": [
            {
                "integration-name": "Strands",
                "external-doc-url": "https://pypi.org/project/strands-airflow/",
                "tags": ["software"],
            }
        ],
        "operators": [
            {
                "integration-name": "Strands",
                "python-modules": [
                    "strands_airflow.operators.publish",
                    "strands_airflow.operators.decision",
                    "strands_airflow.operators.execution",
                    "strands_airflow.operators.quality",
                    "strands_airflow.operators.optimization",
                    "strands_airflow.operators.learning",
                ],
            }
        ],
        "sensors": [
            {
                "integration-name": "Strands",
                "python-modules": [
                    "strands_airflow.sensors.message",
                    "strands_airflow.sensors.agents",
                ],
            }
        ],
        "hooks": [
            {"integration-name": "Strands", "python-modules": ["strands_airflow.hooks.strands"]}
        ],
        "triggers": [
            {
                "integration-name": "Strands",
                "python-modules": [
                    "strands_airflow.triggers.message",
                    "strands_airflow.triggers.agents",
                    "strands_airflow.triggers.execution",
                ],
            }
        ],
        # common-messaging: MessageQueueTrigger(scheme="strands+redis", ...)
        "queues": ["strands_airflow.queues.strands.StrandsMessageQueueProvider"],
        "extra-links": ["strands_airflow.links.strands.StrandsDashboardLink"],
        "plugins": [
            {"name": "strands", "plugin-class": "strands_airflow.plugins.strands.StrandsPlugin"}
        ],
        "config": provider_config(),
    }
