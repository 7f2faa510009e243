"""What a bus writer can make the Quality agent do: read only allow-listed targets, get
counts and pass/fail (never rows), and never kill the agent's consumer.

Real parts: Redis Streams (the bus), PostgreSQL (a users table with a password column),
DuckDB on a CSV file, sqlfluff's Rust parser (its real panic).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import psycopg2
import pytest

from strands_airflow.agents.quality.agent import QualityAgent
from strands_airflow.agents.quality.checks import run_checks
from strands_airflow.agents.quality.checks.access import check_bus_access, target_key
from strands_airflow.bus import MessageType, RedisStreamBus
from strands_airflow.exceptions import QualityRequestError

PG_URI = "postgresql://postgres@127.0.0.1:5432/test"
PASSWORDS = ["hunter2-a9f1", "correct-horse-77", "tr0ub4dor-x"]


@pytest.fixture
def users_table(monkeypatch):
    """`<schema>.users` with emails (one NULL) and a password column; connection `qa_pg`."""
    schema = f"qa_sec_{uuid.uuid4().hex[:8]}"
    conn = psycopg2.connect(PG_URI)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute(f"CREATE SCHEMA {schema}")
    cur.execute(f"CREATE TABLE {schema}.users (id int, email text, password text)")
    cur.executemany(
        f"INSERT INTO {schema}.users VALUES (%s, %s, %s)",
        [(1, "a@x.io", PASSWORDS[0]), (2, None, PASSWORDS[1]), (3, "c@x.io", PASSWORDS[2])],
    )
    cur.execute(f"CREATE TABLE {schema}.plans AS SELECT 1 AS id")
    monkeypatch.setenv("AIRFLOW_CONN_QA_PG", PG_URI)
    yield schema
    cur.execute(f"DROP SCHEMA {schema} CASCADE")
    conn.close()


@pytest.fixture
def secret_csv(tmp_path):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "orders.csv").write_text("order_id,qty\n1,2\n2,-1\n")
    secret = tmp_path / "secret.csv"
    secret.write_text("user,password\nroot," + PASSWORDS[0] + "\n")
    return allowed, secret


def _ask(redis_url, prefix, payloads, timeout=60.0):
    """Send each payload as a QUALITY_CHECK over Redis to a running QualityAgent; the replies
    in the order sent."""

    async def go():
        bus = RedisStreamBus(redis_url, prefix=prefix, block_ms=50)
        agent = QualityAgent(bus)
        replies: dict[str, dict] = {}
        bus.subscribe(
            "client", [MessageType.AGENT_RESPONSE], lambda m: replies.__setitem__(
                m.payload["in_reply_to"], m.payload
            )
        )
        await agent.start()
        ids = []
        try:
            for p in payloads:  # one at a time: a crash on one must not hide the next
                msg = bus.create_message(
                    "client", MessageType.QUALITY_CHECK, p, target="quality_agent"
                )
                ids.append(msg.id)
                await bus.publish(msg)
                deadline = time.monotonic() + timeout
                while msg.id not in replies:
                    assert time.monotonic() < deadline, f"no reply to {p.get('check_type')}"
                    await asyncio.sleep(0.02)
        finally:
            await agent.stop()
            await bus.stop()
        return [replies[i] for i in ids]

    return asyncio.run(go())


def _no_secret(reply):
    text = json.dumps(reply)
    for pw in PASSWORDS:
        assert pw not in text


def test_bus_reads_no_target_by_default(users_table, secret_csv, redis_url, stream_prefix):
    """The probe's attack: a CSV path or a conn_id + table answered with sample rows."""
    _, secret = secret_csv
    replies = _ask(
        redis_url,
        stream_prefix,
        [
            {"check_type": "checks", "target": str(secret),
             "input": [{"kind": "not_null", "columns": ["password"]},
                       {"kind": "accepted_values", "columns": ["password"], "values": ["x"]}]},
            {"check_type": "checks", "target": f"{users_table}.users", "conn_id": "qa_pg",
             "input": [{"kind": "accepted_values", "columns": ["password"], "values": ["x"]}]},
            {"check_type": "natural_language", "input": "password is unique",
             "target": f"{users_table}.users", "conn_id": "qa_pg"},
            {"check_type": "sql", "input": "SELECT id FROM t WHERE id = 1"},
        ],
    )  # fmt: skip
    for reply in replies[:3]:
        assert reply["status"] == "error" and reply["error_type"] == "QualityRequestError"
        assert "quality_bus_targets is empty" in reply["error"]
        assert "report" not in reply and "checks" not in reply
        _no_secret(reply)
    assert replies[3]["status"] == "ok"  # code analysis needs no target


def test_allow_listed_table_answers_counts_never_rows(
    users_table, secret_csv, redis_url, stream_prefix, monkeypatch
):
    allowed, secret = secret_csv
    monkeypatch.setenv(
        "AIRFLOW__STRANDS__QUALITY_BUS_TARGETS", f"qa_pg:{users_table}.users, {allowed}/*.csv"
    )
    replies = _ask(
        redis_url,
        stream_prefix,
        [
            {"check_type": "checks", "target": f"{users_table}.users", "conn_id": "qa_pg",
             "input": [{"kind": "accepted_values", "columns": ["password"], "values": ["x"]},
                       {"kind": "not_null", "columns": ["email"]},
                       {"kind": "unique", "columns": ["password", "email"]}]},
            # a database error that quotes a value: 'unit "hunter2-a9f1" not recognized'
            {"check_type": "checks", "target": f"{users_table}.users", "conn_id": "qa_pg",
             "input": [{"kind": "custom_sql",
                        "condition": "date_trunc(password, now()) IS NOT NULL"}]},
            {"check_type": "checks", "target": f"{users_table}.users", "conn_id": "qa_pg",
             "input": [{"kind": "referential", "columns": ["id"],
                        "ref_table": f"{users_table}.plans", "ref_column": "id"}]},
            {"check_type": "checks", "target": str(allowed / ".." / "secret.csv"),
             "input": [{"kind": "not_null", "columns": ["password"]}]},
            {"check_type": "checks", "target": f"file://{allowed}/orders.csv",
             "input": [{"kind": "range", "columns": ["qty"], "min": 0}]},
        ],
    )  # fmt: skip
    counts, cast, ref, traversal, csv = replies
    assert counts["status"] == "ok"
    results = counts["report"]["results"]
    assert [(r["passed"], r["failing_rows"]) for r in results] == [
        (False, 3),
        (False, 1),
        (True, 0),
    ]
    assert all(r["sample_failures"] == [] for r in results)
    assert cast["status"] == "error" and "Quality agent's log" in cast["error"]
    assert ref["status"] == "error" and "ref_table" in ref["error"]
    assert traversal["status"] == "error" and "'..' path segment" in traversal["error"]
    assert csv["status"] == "ok" and csv["report"]["results"][0]["failing_rows"] == 1
    assert csv["report"]["results"][0]["sample_failures"] == []
    for reply in replies:
        _no_secret(reply)


def test_in_dag_checks_still_show_sample_rows(users_table):
    """The allow-list and the no-rows rule are for the bus only."""
    report = run_checks(
        [{"kind": "not_null", "columns": ["email"]}], f"{users_table}.users", "qa_pg"
    )
    assert report.results[0].sample_failures == [
        {"id": 2, "email": None, "password": PASSWORDS[1]}
    ]


def test_allow_list_keys_resolve_paths_and_keep_tables_apart(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert target_key(str(tmp_path / "link" / "a.csv")) == str(real / "a.csv")
    assert target_key("orders", "wh") == "wh:orders"
    assert target_key("s3://b/out/x.parquet", None) == "s3://b/out/x.parquet"
    assert target_key("s3://b/out/x.parquet", "aws_ro") == "aws_ro:s3://b/out/x.parquet"
    assert target_key({"uri": f"file://{tmp_path}/w.duckdb", "table": "t"}).endswith("w.duckdb::t")
    patterns = [f"{tmp_path}/link/*.csv", "s3://b/out/*", "wh:public.orders"]
    from strands_airflow.agents.quality.checks.access import bus_target_patterns

    resolved = bus_target_patterns(", ".join(patterns))
    check_bus_access(str(real / "a.csv"), None, patterns=resolved)  # the link's target
    check_bus_access("s3://b/out/part-1.parquet", None, patterns=resolved)
    check_bus_access("public.orders", "wh", patterns=resolved)
    for target, conn in [
        ("s3://b/out/../secret/x.parquet", None),
        ("s3://b/other/x.parquet", None),
        ("s3://b/out/x.parquet", "aws_admin"),  # another connection's credentials
        ("orders", "wh"),
        ("public.orders", "other_conn"),
        (str(tmp_path / "x.csv"), None),
        (f"{tmp_path}/link/*/../../x.csv", None),  # '..' after a wildcard: refused outright
        (f"{tmp_path}/link/../link/a.csv", None),
    ]:
        with pytest.raises(QualityRequestError, match="quality_bus_targets|segment"):
            check_bus_access(target, conn, patterns=resolved)


# -- a crash of sqlfluff's Rust parser ---------------------------------------------------

#: 100,003 bytes, under the 102,400-byte analysis_max_bytes default: sqlfluffrs 4.5 panics
#: ("Parser exceeded maximum iteration limit") on a long flat expression like this.
PANIC_SQL = "SELECT " + " + ".join("a" for _ in range(25_000))


def test_the_rust_parser_panic_is_real_and_under_the_size_limit():
    from strands_airflow.agents.quality.sql.analyzer import rust_parser_available

    assert rust_parser_available()
    assert len(PANIC_SQL.encode()) < 102_400


def test_rust_parser_panic_is_an_analysis_error_naming_the_parser():
    from strands_airflow.agents.quality.sql import analyze_sql
    from strands_airflow.exceptions import AnalysisError

    with pytest.raises(AnalysisError, match=r"sqlfluff's rust parser crashed .*PanicException"):
        analyze_sql(PANIC_SQL, timeout_seconds=300, parser="rust")


def test_rust_parser_panic_over_the_bus_is_answered_and_the_agent_keeps_serving(
    redis_url, stream_prefix, monkeypatch
):
    # a generous budget so the parser's own panic, not our deadline, ends the analysis
    monkeypatch.setenv("AIRFLOW__STRANDS__ANALYSIS_TIMEOUT_SECONDS", "300")
    crashed, after = _ask(
        redis_url,
        stream_prefix,
        [
            {"check_type": "sql", "input": PANIC_SQL},
            {"check_type": "sql", "input": "SELECT * FROM orders"},
        ],
        timeout=300,
    )
    assert crashed["status"] == "error" and crashed["error_type"] == "AnalysisError"
    assert "rust parser crashed" in crashed["error"]
    assert after["status"] == "ok"
    assert "select_star" in {f["pattern"] for f in after["report"]["findings"]}
