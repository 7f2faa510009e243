"""Sample data for the reference pipeline, generated deterministically on first use.

`ensure_sample_data()` writes `customers.parquet` (200k rows) and `orders.parquet`
(2M rows by default) under `<strands home>/sample_data/` with DuckDB: no download, the
same rows for the same size on every machine, except `orders.updated_at`, which is set
within the 12 hours before generation so that a freshness check has recent data to pass. About 2 s on 2 cores. A small share of the
rows is deliberately dirty (invalid emails, negative quantities, unknown statuses) so the
quality checks have something to find.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

SAMPLE_VERSION = 1


def ensure_sample_data(
    home: Path | str | None = None, *, orders: int = 2_000_000, customers: int = 200_000
) -> dict[str, str]:
    """Create the sample tables if they are missing; returns {table: parquet path}."""
    if home is None:
        from strands_airflow.settings import get_settings

        home = get_settings().home
    out = Path(home) / "sample_data"
    stamp = out / "_SAMPLE.json"
    want = {"version": SAMPLE_VERSION, "orders": orders, "customers": customers}
    paths = {"customers": str(out / "customers.parquet"), "orders": str(out / "orders.parquet")}
    if _ready(stamp, want, paths):
        return paths
    out.mkdir(parents=True, exist_ok=True)
    # Several task processes (two Celery workers) may ask at once: one generates, the
    # others wait on the lock and then find the tables made.
    with open(out / ".generate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _ready(stamp, want, paths):
            return paths
        _generate(paths, orders=orders, customers=customers)
        stamp.write_text(json.dumps(want))
    return paths


def _ready(stamp: Path, want: dict[str, int], paths: dict[str, str]) -> bool:
    return (
        stamp.exists()
        and json.loads(stamp.read_text()) == want
        and all(Path(p).exists() for p in paths.values())
    )


def _generate(paths: dict[str, str], *, orders: int, customers: int) -> None:
    import duckdb

    con = duckdb.connect()
    try:
        # hash() is deterministic in DuckDB for a given input; it drives every "random" choice
        con.execute(
            f"""
            COPY (
              SELECT
                i AS customer_id,
                'Customer ' || i AS name,
                CASE WHEN hash(i, 'email') % 50 = 0 THEN 'customer' || i || '.example.com'
                     ELSE 'customer' || i || '@example.com' END AS email,
                ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN'][1 + (hash(i, 'c') % 7)::INT] AS country,
                DATE '2020-01-01' + (hash(i, 'd') % 1800)::INT AS signup_date
              FROM range(1, {int(customers)} + 1) t(i)
            ) TO '{paths["customers"]}.tmp' (FORMAT parquet)
            """
        )
        con.execute(
            f"""
            COPY (
              SELECT
                i AS order_id,
                1 + (hash(i, 'cust') % {int(customers)})::BIGINT AS customer_id,
                round(5 + (hash(i, 'amt') % 50000) / 100.0, 2) AS amount,
                CASE WHEN hash(i, 'q') % 1000 = 0 THEN -1 ELSE 1 + (hash(i, 'q') % 9)::INT END AS quantity,
                ['pending', 'shipped', 'delivered', 'cancelled', 'returned'][1 + (hash(i, 's') % 5)::INT]
                  AS status,
                TIMESTAMP '2024-01-01' + to_seconds((hash(i, 't') % 31536000)::BIGINT) AS order_ts,
                now()::TIMESTAMP - to_seconds((hash(i, 'u') % 43200)::BIGINT) AS updated_at
              FROM range(1, {int(orders)} + 1) t(i)
            ) TO '{paths["orders"]}.tmp' (FORMAT parquet)
            """
        )
    finally:
        con.close()
    for p in paths.values():
        os.replace(f"{p}.tmp", p)


def samples_dir() -> Path:
    """Folder of the shipped sample configs, SQL and PySpark script."""
    return Path(__file__).parent / "samples"


def sample_config_path(name: str = "orders_daily") -> str:
    """Path of a shipped sample config (`orders_daily`, `orders_pyspark`)."""
    p = samples_dir() / f"{name}.json"
    if not p.exists():
        names = sorted(x.stem for x in samples_dir().glob("*.json"))
        raise FileNotFoundError(f"no sample config {name!r}; available: {', '.join(names)}")
    return str(p)


def is_sample_config(path: str) -> bool:
    """True for a config shipped with the provider (its sample data is made on first use)."""
    local = path.removeprefix("file://")
    if "://" in local:
        return False
    try:
        return Path(local).resolve().parent == samples_dir().resolve()
    except OSError:
        return False
