"""sqlfluff plugin of strands-airflow: the Quality agent's SQL anti-pattern rules.

Registered through the ``sqlfluff`` entry point group (``strands = ...sql.plugin``), so
``sqlfluff lint --rules strands model.sql`` runs every rule of the ``strands`` group from
the command line or pre-commit. The plugin also ships the ``airflow`` templater: Jinja
with Airflow's template context (``{{ ds }}``, ``{{ params.x }}``, ``{{ macros.ds_add(ds, 1) }}``)
rendered with safe stand-ins: ``sqlfluff lint --templater airflow dags/sql/``.

Rule modules are imported only when sqlfluff asks for the rules, to keep the cost of
loading the plugin (every sqlfluff run loads every plugin) near zero.
"""

from __future__ import annotations

from typing import Any

from sqlfluff.core.plugin import hookimpl


@hookimpl
def get_rules() -> list[type[Any]]:
    """The strands rules, imported lazily."""
    from strands_airflow.agents.quality.sql.rules.SQ01 import Rule_Strands_SQ01
    from strands_airflow.agents.quality.sql.rules.SQ02 import Rule_Strands_SQ02
    from strands_airflow.agents.quality.sql.rules.SQ03 import Rule_Strands_SQ03
    from strands_airflow.agents.quality.sql.rules.SQ04 import Rule_Strands_SQ04
    from strands_airflow.agents.quality.sql.rules.SQ05 import Rule_Strands_SQ05
    from strands_airflow.agents.quality.sql.rules.SQ06 import Rule_Strands_SQ06
    from strands_airflow.agents.quality.sql.rules.SQ07 import Rule_Strands_SQ07
    from strands_airflow.agents.quality.sql.rules.SQ08 import Rule_Strands_SQ08
    from strands_airflow.agents.quality.sql.rules.SQ09 import Rule_Strands_SQ09
    from strands_airflow.agents.quality.sql.rules.SQ10 import Rule_Strands_SQ10
    from strands_airflow.agents.quality.sql.rules.SQ11 import Rule_Strands_SQ11
    from strands_airflow.agents.quality.sql.rules.SQ12 import Rule_Strands_SQ12

    return [
        Rule_Strands_SQ01,
        Rule_Strands_SQ02,
        Rule_Strands_SQ03,
        Rule_Strands_SQ04,
        Rule_Strands_SQ05,
        Rule_Strands_SQ06,
        Rule_Strands_SQ07,
        Rule_Strands_SQ08,
        Rule_Strands_SQ09,
        Rule_Strands_SQ10,
        Rule_Strands_SQ11,
        Rule_Strands_SQ12,
    ]


@hookimpl
def get_templaters() -> list[type[Any]]:
    """The ``airflow`` templater (Jinja with Airflow's context)."""
    from strands_airflow.agents.quality.sql.templater import AirflowTemplater

    return [AirflowTemplater]


@hookimpl
def load_default_config() -> dict[str, Any]:
    """Defaults of the rule options (``plugin_default_config.cfg``)."""
    from sqlfluff.core.config import load_config_resource

    try:
        return load_config_resource(
            package="strands_airflow.agents.quality.sql",
            file_name="plugin_default_config.cfg",
        )
    except (FileNotFoundError, OSError):
        # A build that left the .cfg out of the package data must not break every
        # sqlfluff run (rules refuse to start without their declared options).
        return {"rules": {"strands.many_joins": {"join_threshold": 4}}}


@hookimpl
def get_configs_info() -> dict[str, dict[str, Any]]:
    """Validation and description of the rule options."""
    return {
        "join_threshold": {
            "definition": (
                "strands.many_joins flags a SELECT with this many joins or more "
                "(explicit JOINs plus comma joins); 0 disables the rule."
            ),
        },
    }
