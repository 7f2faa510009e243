"""Plain-English data-quality requests -> structured `Check`s.

>>> from strands_airflow.agents.quality.nl import parse_request
>>> [c.kind for c in parse_request("order_id must be unique and not null")]
['unique', 'not_null']

Rule-based: each sentence is read into a frame (polarity, condition, context; see
`frontend`), its core into predicates and subjects (`rules`, `subjects`, `columns`), and the
resulting logical form (`logic.Statement`) is compiled into checks. `explain` says back what
was understood ("read as: ..."). When a Bedrock model is configured (`[strands]
bedrock_model` / ``STRANDS_BEDROCK_MODEL``) it is asked only when the rules cannot read the
request, and its answer is validated like user input.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl.parser import (
    ACCEPTED_FORMS,
    DEFAULT_BUDGET_SECONDS,
    RuleParser,
)
from strands_airflow.exceptions import QualityRequestError

log = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 10_000

__all__ = [
    "ACCEPTED_FORMS",
    "ParsedRequest",
    "QualityRequestError",
    "explain",
    "parse_request",
    "parse_request_detailed",
    "parse_request_rules",
]


@dataclass
class ParsedRequest:
    """What one request was read as: the checks, left-out fragments and context remarks."""

    text: str
    checks: list[Check] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    source: str = "rules"  # or "bedrock"

    def read_as(self) -> list[str]:
        """ "read as: <canonical sentence>" per check, then "ignored: ..." and "context: ..." lines."""
        lines = [f"read as: {c.describe()}" for c in self.checks]
        lines += [f"ignored: {x}" for x in self.ignored]
        lines += [f"context: {x}" for x in self.context]
        return lines


def _rules(
    text: str, columns: list[str] | None, strict: bool, budget_seconds: float
) -> ParsedRequest:
    if not isinstance(text, str):
        raise QualityRequestError(f"a quality request must be text, got {type(text).__name__}")
    if not text.strip():
        raise QualityRequestError(f"the quality request is empty; {ACCEPTED_FORMS}")
    if len(text) > MAX_REQUEST_CHARS:
        raise QualityRequestError(
            f"the quality request is over {MAX_REQUEST_CHARS} characters; split it"
        )
    parser = RuleParser(columns, strict=strict, budget_seconds=budget_seconds)
    try:
        checks = parser.parse(text)
    except QualityRequestError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        # a request the grammar half-read (e.g. a bound the Check model rejects) is still
        # a request we could not understand: say so, quoting it, rather than crash
        raise QualityRequestError(
            f"could not read {text.strip()[:200]!r} ({exc}); {ACCEPTED_FORMS}"
        ) from exc
    return ParsedRequest(text, checks, parser.ignored, parser.context)


def parse_request_rules(
    text: str,
    columns: list[str] | None = None,
    *,
    strict: bool = True,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
) -> list[Check]:
    """The rule-based parser alone (no model call)."""
    return _rules(text, columns, strict, budget_seconds).checks


def parse_request_detailed(
    text: str,
    columns: list[str] | None = None,
    *,
    strict: bool = True,
    model_id: str | None = None,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
) -> ParsedRequest:
    """Like `parse_request`, with the ignored fragments and context remarks too."""
    try:
        return _rules(text, columns, strict, budget_seconds)
    except QualityRequestError as rules_error:
        if model_id is None:
            model_id = _configured_model()
        if not model_id or not isinstance(text, str) or not text.strip():
            raise
        from strands_airflow.agents.quality.nl.bedrock import parse_with_bedrock

        try:
            # the model only answers what the rules could not read; it never overrides them
            return ParsedRequest(
                text, parse_with_bedrock(text, columns, model_id), source="bedrock"
            )
        except Exception as exc:  # any model, network or validation problem: the rules' error
            log.warning("Bedrock parse failed (%s); reporting the rule-based parser's error", exc)
            raise rules_error from None


def parse_request(
    text: str,
    columns: list[str] | None = None,
    *,
    model_id: str | None = None,
    strict: bool = True,
) -> list[Check]:
    """Turn a plain-English request into data checks.

    :param text: e.g. ``"status should be one of pending, shipped; no negative quantities"``
    :param columns: the target's columns, when known: mentioned names resolve to them
        ("email" -> ``email_address``) and unknown names are errors
    :param model_id: a Bedrock model id, asked only when the rules cannot read the request;
        default the configured ``bedrock_model`` (empty = rules only)
    :param strict: False = a sentence that cannot be read is logged and left out (see
        `parse_request_detailed` for the list) instead of raising
    :raises QualityRequestError: quoting the part that could not be read and listing accepted forms
    """
    return parse_request_detailed(text, columns, strict=strict, model_id=model_id).checks


def explain(text: str, columns: list[str] | None = None, *, strict: bool = True) -> list[str]:
    """What `text` is read as: one "read as: <canonical sentence>" line per check.

    >>> explain("no negative quantities")
    ['read as: quantity must be at least 0']
    """
    return parse_request_detailed(text, columns, strict=strict, model_id="").read_as()


def _configured_model() -> str:
    import os

    try:
        from strands_airflow.core.bedrock import BedrockSettings

        return BedrockSettings.configured().model_id or ""
    except Exception:  # settings unavailable (e.g. a bare script): the seed's variable still counts
        return os.environ.get("STRANDS_BEDROCK_MODEL", "")
