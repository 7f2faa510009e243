"""Optional Bedrock path of `parse_request`: ask a model, trust only what validates.

The model answers through the Converse API of the amazon provider's BedrockRuntimeHook
(imported here, lazily). Its JSON is accepted only if every item is a valid `Check`, every
column resolves to a known column (when the schema is known) and every ``custom_sql``
condition passes `validate_condition`; any problem raises, and `parse_request` then falls
back to the rules. The model never sees credentials and its text never becomes SQL as is.
"""

from __future__ import annotations

import json
from typing import Any

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.exceptions import QualityRequestError

SYSTEM_PROMPT = """You turn data-quality requests into JSON checks. Reply with ONLY a JSON array.
Each item: {"kind": one of not_null, unique, range, accepted_values, format, freshness, row_count,
referential, custom_sql; "columns": [column names]; optional "min", "max" (numbers), "values" (list),
"format" (email, phone, uuid, url, date, regex) with "pattern" for regex, "max_age_seconds",
"ref_table", "ref_column", "condition" (one SQL boolean expression, only when nothing else fits)}.
Numeric bounds are always "range" ("no negative x" is {"kind": "range", "columns": ["x"], "min": 0}).
Freshness is in seconds. If the request cannot be understood, reply [] ."""


def _extract_json(text: str) -> list[dict[str, Any]]:
    m = re.search(r"\[.*\]", text, re.S)
    if not m:
        raise QualityRequestError("the model's answer holds no JSON array")
    data = json.loads(m.group(0))
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise QualityRequestError("the model's answer is not a list of objects")
    return data


def validate_model_checks(items: list[dict[str, Any]], columns: list[str] | None) -> list[Check]:
    """Checks from model output, or QualityRequestError (unknown column, bad condition, bad shape)."""
    from strands_airflow.agents.quality.checks.condition import validate_condition
    from strands_airflow.agents.quality.nl.logic import custom_check

    if not items:
        raise QualityRequestError("the model found no check in the request")
    known = {c.lower(): c for c in columns or []}
    out = []
    for item in items:
        item = {
            k: v
            for k, v in item.items()
            if k in Check.model_fields and k not in ("weight", "description")
        }
        check = Check.model_validate(item)
        if columns:
            fixed = []
            for col in check.columns:
                if col.lower() not in known:
                    raise QualityRequestError(f"the model named an unknown column {col!r}")
                fixed.append(known[col.lower()])
            check = check.model_copy(update={"columns": fixed})
        if check.kind == "custom_sql":
            validate_condition(check.condition or "", columns, error=QualityRequestError)
            # the same logical form as the rules give: the condition's columns, listed
            check = custom_check(check.condition or "", columns)
        out.append(check)
    return out


def parse_with_bedrock(text: str, columns: list[str] | None, model_id: str) -> list[Check]:
    """Ask Bedrock `model_id` for checks; raises on any problem (the caller falls back)."""
    from strands_airflow.core.bedrock import BedrockSettings, converse

    # the one Bedrock client and connection of the project (core.bedrock)
    settings = BedrockSettings.configured(model_id=model_id)
    schema = f"\nColumns of the table: {', '.join(columns)}" if columns else ""
    answer = converse(
        settings,
        f"Request: {text[:4000]}{schema}",
        system=SYSTEM_PROMPT,
        max_tokens=1500,
        temperature=0,
    )
    return validate_model_checks(_extract_json(answer), columns)
