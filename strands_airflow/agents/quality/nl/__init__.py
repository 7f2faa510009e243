"""Plain-English data-quality requests -> structured `Check`s.

>>> from strands_airflow.agents.quality.nl import parse_request
>>> [c.kind for c in parse_request("order_id must be unique and not null")]
['unique', 'not_null']

Rule-based by default (a small grammar, a synonym lexicon and typo correction); when a
Bedrock model is configured (`[strands] bedrock_model` / ``STRANDS_BEDROCK_MODEL``) the
model is asked first and its answer is used only if it validates, else the rules answer.
"""

from __future__ import annotations

import logging

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl.parser import ACCEPTED_FORMS, RuleParser
from strands_airflow.exceptions import QualityRequestError

log = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 20_000

__all__ = ["ACCEPTED_FORMS", "QualityRequestError", "parse_request", "parse_request_rules"]


def parse_request_rules(text: str, columns: list[str] | None = None) -> list[Check]:
    """The rule-based parser alone (no model call)."""
    if not isinstance(text, str):
        raise QualityRequestError(f"a quality request must be text, got {type(text).__name__}")
    if not text.strip():
        raise QualityRequestError(f"the quality request is empty; {ACCEPTED_FORMS}")
    if len(text) > MAX_REQUEST_CHARS:
        raise QualityRequestError(
            f"the quality request is over {MAX_REQUEST_CHARS} characters; split it"
        )
    try:
        return RuleParser(columns).parse(text)
    except QualityRequestError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        # a request the grammar half-read (e.g. a bound the Check model rejects) is still
        # a request we could not understand: say so, quoting it, rather than crash
        raise QualityRequestError(
            f"could not read {text.strip()[:200]!r} ({exc}); {ACCEPTED_FORMS}"
        ) from exc


def parse_request(
    text: str, columns: list[str] | None = None, *, model_id: str | None = None
) -> list[Check]:
    """Turn a plain-English request into data checks.

    :param text: e.g. ``"status should be one of pending, shipped; no negative quantities"``
    :param columns: the target's columns, when known: mentioned names resolve to them
        ("email" -> ``email_address``) and unknown names are errors
    :param model_id: a Bedrock model id; default the configured ``bedrock_model`` (empty = rules only)
    :raises QualityRequestError: quoting the part that could not be read and listing accepted forms
    """
    if model_id is None:
        model_id = _configured_model()
    if model_id and isinstance(text, str) and text.strip():
        from strands_airflow.agents.quality.nl.bedrock import parse_with_bedrock

        try:
            return parse_with_bedrock(text, columns, model_id)
        except Exception as exc:  # any model, network or validation problem: the rules answer
            log.warning("Bedrock parse failed (%s); using the rule-based parser", exc)
    return parse_request_rules(text, columns)


def _configured_model() -> str:
    import os

    try:
        from strands_airflow.settings import get_settings

        return get_settings().bedrock_model or ""
    except Exception:  # settings unavailable (e.g. a bare script): the seed's variable still counts
        return os.environ.get("STRANDS_BEDROCK_MODEL", "")
