"""The request corpus in tests/data/nl_requests.yaml: share of requests read exactly right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

CORPUS = yaml.safe_load((Path(__file__).parents[3] / "data" / "nl_requests.yaml").read_text())
FIELDS = ("kind", "columns", "min", "max", "values", "format", "pattern", "max_age_seconds", "ref_table",
          "ref_column", "condition")  # fmt: skip


def _key(check: Check) -> str:
    return json.dumps({f: getattr(check, f) for f in FIELDS}, sort_keys=True, default=str)


def outcome(case: dict) -> tuple[bool, str]:
    """(right?, what the parser said) for one corpus entry."""
    try:
        got = parse_request(case["request"], case.get("columns"), model_id="")
    except QualityRequestError as exc:
        return bool(case.get("error")), f"QualityRequestError: {exc}"[:200]
    if case.get("error"):
        return False, f"expected an error, got {[_key(c) for c in got]}"
    want = sorted(_key(Check(**d)) for d in case["expect"])
    have = sorted(_key(c) for c in got)
    return want == have, str(have)


def test_corpus_is_large_and_varied():
    assert len(CORPUS) >= 60
    kinds = {d["kind"] for case in CORPUS for d in case.get("expect", [])}
    assert kinds == {"not_null", "unique", "range", "accepted_values", "format", "freshness", "row_count",
                     "referential", "custom_sql"}  # fmt: skip
    assert sum(1 for c in CORPUS if c.get("error")) >= 5
    assert sum(1 for c in CORPUS if len(c.get("expect", [])) > 1) >= 5


def test_share_of_requests_read_exactly_right(capsys):
    results = [(case["request"], *outcome(case)) for case in CORPUS]
    wrong = [(req, said) for req, ok, said in results if not ok]
    share = 1 - len(wrong) / len(results)
    with capsys.disabled():
        print(
            f"\nnl corpus: {len(results) - len(wrong)}/{len(results)} exactly right ({share:.1%})"
        )
        for req, said in wrong:
            print(f"  MISS {req!r}: {said}")
    assert share >= 0.9


@pytest.mark.parametrize(
    "case", [c for c in CORPUS if c.get("error")], ids=lambda c: c["request"][:40]
)
def test_unreadable_requests_quote_the_part_and_list_accepted_forms(case):
    with pytest.raises(QualityRequestError) as exc:
        parse_request(case["request"], case.get("columns"), model_id="")
    msg = str(exc.value)
    assert "accepted forms" in msg or "columns are" in msg or "valid email" in msg or "empty" in msg
