"""parse_request: column resolution, compound requests, security, errors, Bedrock fallback, fuzzing."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests_support import free_port

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import parse_request, parse_request_rules
from strands_airflow.agents.quality.nl.bedrock import validate_model_checks
from strands_airflow.exceptions import QualityRequestError

COLUMNS = ["customer_id", "email_address", "order_total", "Status", "updated_at", "createdAt"]


def dumps(checks):
    return [c.model_dump(exclude_defaults=True) for c in checks]


def test_mentioned_names_resolve_to_real_columns():
    got = parse_request_rules(
        "customer id must not be null; email must be valid; no negative order totals; "
        "status should be one of A, B; created at must not be null",
        COLUMNS,
    )
    assert [c.columns for c in got] == [
        ["customer_id"],
        ["email_address"],
        ["order_total"],
        ["Status"],
        ["createdAt"],
    ]
    assert got[1].format == "email" and got[2].min == 0


def test_unknown_or_ambiguous_columns_are_errors_not_guesses():
    with pytest.raises(QualityRequestError, match="shoe size.*columns are: customer_id"):
        parse_request_rules("shoe size must not be null", COLUMNS)
    with pytest.raises(QualityRequestError, match="could mean any of"):
        parse_request_rules("id must be unique", ["order_id", "customer_id"])


def test_sql_in_the_request_never_becomes_sql():
    assert dumps(parse_request_rules("check that name is not null; DROP TABLE users; --")) == [
        {"kind": "not_null", "columns": ["name"]}
    ]
    evil = parse_request_rules("status should be one of 'a'' OR 1=1 --', b")
    assert evil[0].kind == "accepted_values" and evil[0].columns == ["status"]
    # a statement after ';' is its own fragment: dropped, never part of the condition
    assert dumps(parse_request_rules("custom sql: 1=1; DROP TABLE users")) == [
        {"kind": "custom_sql", "condition": "1=1"}
    ]
    for bad in (
        "custom sql: a > 1 -- comment",
        "custom sql: id IN (SELECT id FROM users)",
        "custom sql: 1=1 UNION SELECT password FROM users",
        "condition: read_text('/etc/passwd') = ''",
    ):
        with pytest.raises(QualityRequestError):
            parse_request_rules(bad)


def test_custom_condition_checks_its_columns_when_the_schema_is_known():
    assert parse_request_rules("custom sql: order_total >= 0 OR Status = 'void'", COLUMNS)[
        0
    ].condition == ("order_total >= 0 OR Status = 'void'")
    with pytest.raises(QualityRequestError, match="unknown column"):
        parse_request_rules("custom sql: price >= 0", COLUMNS)


def test_errors_quote_the_unreadable_part_and_show_accepted_forms():
    with pytest.raises(QualityRequestError) as exc:
        parse_request_rules("order_id must be unique and the pipeline should feel faster")
    assert "the pipeline should feel faster" in str(exc.value) and "accepted forms" in str(
        exc.value
    )
    with pytest.raises(QualityRequestError, match="not which format"):
        parse_request_rules("status must be valid")
    with pytest.raises(QualityRequestError):
        parse_request_rules("   ")
    with pytest.raises(QualityRequestError):
        parse_request_rules(None)  # type: ignore[arg-type]


def test_model_output_is_validated_like_user_input():
    ok = validate_model_checks([{"kind": "range", "columns": ["ORDER_TOTAL"], "min": 0}], COLUMNS)
    assert ok == [Check(kind="range", columns=["order_total"], min=0)]
    with pytest.raises(QualityRequestError):
        validate_model_checks([{"kind": "not_null", "columns": ["password"]}], COLUMNS)
    with pytest.raises(QualityRequestError):
        validate_model_checks([{"kind": "custom_sql", "condition": "1=1; DROP TABLE x"}], None)
    with pytest.raises(ValueError):
        validate_model_checks([{"kind": "range", "columns": ["order_total"]}], COLUMNS)


def test_bedrock_errors_fall_back_to_the_rules(monkeypatch):
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        monkeypatch.setenv(
            "AIRFLOW_CONN_AWS_DEFAULT",
            json.dumps(
                {
                    "conn_type": "aws",
                    "extra": {
                        "endpoint_url": f"http://127.0.0.1:{port}",
                        "config_kwargs": {"retries": {"max_attempts": 1, "mode": "standard"}},
                    },
                }
            ),
        )
        monkeypatch.setenv("STRANDS_BEDROCK_MODEL", "anthropic.claude-3-haiku-20240307-v1:0")
        got = parse_request("no negative quantities and order_id is unique")
    finally:
        server.stop()
    assert dumps(got) == [
        {"kind": "range", "columns": ["quantity"], "min": 0.0},
        {"kind": "unique", "columns": ["order_id"]},
    ]


WORDS = st.sampled_from(
    "must not be null unique between and 0 10000 one of , ; . no negative valid email older than 24 hours "
    "based on updated_at rows at least exist in customers.id regex '^a' ( ) custom sql : DROP -- "
    "status order_id the every's > <= = 'x' \" ` | or within last 1.5 k million %".split()
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=25).map(" ".join)))
def test_fuzz_only_quality_request_errors(text):
    try:
        checks = parse_request_rules(text)
    except QualityRequestError:
        return
    assert checks and all(isinstance(c, Check) for c in checks)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=25).map(" ".join))
def test_fuzz_with_a_schema(text):
    try:
        parse_request_rules(text, COLUMNS)
    except QualityRequestError:
        pass
