"""Conditional and cross-column rules, each as a class: presence guards said in prose, "need X
to be Y" with a guard on another column, a column's negative as a bound, codes with a hyphen or
a sign in a value list; every compiled check is evaluated in DuckDB on rows around the rule."""

from __future__ import annotations

import duckdb
import pytest

from strands_airflow.agents.quality.nl import parse_request

COLUMNS = ["content_id", "drm_key_id", "license_expires_at", "amount_usd", "ctr_filed",
           "balance", "overdraft_limit", "rating"]  # fmt: skip


def _holds(condition: str, row: dict) -> bool:
    cols = ", ".join(f"{v} AS {k}" for k, v in row.items())
    return (
        duckdb.connect()
        .execute(f"SELECT coalesce(({condition}), TRUE) FROM (SELECT {cols})")
        .fetchall()[0][0]
    )


@pytest.mark.parametrize(
    "text",
    [
        "If the content has a DRM key, the license expiry must also be filled.",
        "When drm_key_id has a value, license_expires_at must be populated",
        "if drm_key_id is populated then license_expires_at must not be null",
        "license_expires_at is required when drm_key_id is filled in",
    ],
)
def test_a_presence_guard_in_prose(text):
    (c,) = parse_request(text, COLUMNS)
    assert set(c.columns) == {"drm_key_id", "license_expires_at"}
    ts = "TIMESTAMP '2030-01-01'"
    assert _holds(c.condition, {"drm_key_id": "NULL", "license_expires_at": "NULL"})
    assert _holds(c.condition, {"drm_key_id": "'k'", "license_expires_at": ts})
    assert not _holds(c.condition, {"drm_key_id": "'k'", "license_expires_at": "NULL"})


@pytest.mark.parametrize(
    "text",
    [
        "transactions of 10,000 or more in `amount_usd` need `ctr_filed` to be true",
        "payments of at least 10000 in amount_usd require ctr_filed to be true",
    ],
)
def test_need_to_be_with_a_guard_on_another_column(text):
    (c,) = parse_request(text, COLUMNS)
    assert set(c.columns) == {"amount_usd", "ctr_filed"}
    assert _holds(c.condition, {"amount_usd": "500", "ctr_filed": "FALSE"})
    assert _holds(c.condition, {"amount_usd": "20000", "ctr_filed": "TRUE"})
    assert not _holds(c.condition, {"amount_usd": "10000", "ctr_filed": "FALSE"})


@pytest.mark.parametrize(
    "text",
    [
        "balance must not be below the negative of its overdraft limit",
        "balance must be at least -overdraft_limit",
        "balance must not be below minus overdraft_limit",
        "Raise a P2 if any account's balance is below the negative of its overdraft limit.",
    ],
)
def test_the_negative_of_a_column_keeps_its_sign(text):
    (c,) = parse_request(text, COLUMNS)
    assert set(c.columns) == {"balance", "overdraft_limit"}
    assert _holds(c.condition, {"balance": "-50", "overdraft_limit": "100"})
    assert not _holds(c.condition, {"balance": "-150", "overdraft_limit": "100"})


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("rating should only allow G, PG, PG-13, R and NC-17", ["G", "PG", "PG-13", "R", "NC-17"]),
        ("rating must be one of A+, A, A-, B", ["A+", "A", "A-", "B"]),
        ("rating in (PG-13, R)", ["PG-13", "R"]),
    ],
)
def test_codes_with_a_hyphen_or_sign_stay_one_value(text, values):
    (c,) = parse_request(text, COLUMNS)
    assert (c.kind, c.columns, c.values) == ("accepted_values", ["rating"], values)


def test_a_literal_is_never_glued_into_a_column_name():
    with pytest.raises(Exception, match="which column|name it"):
        parse_request("when `amount` rows is 5 or more, flag must be true")
