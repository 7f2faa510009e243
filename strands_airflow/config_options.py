"""The `[strands]` configuration section: every option once, with type, default and text.

`get_provider_info()` publishes this to Airflow (so `airflow config list --section strands`
shows it), `strands_airflow.settings` reads it, and the README's table is generated from it
(`python -m strands_airflow.settings --markdown`). Pure data: importing it is free.
"""

from __future__ import annotations

from typing import Any

SECTION = "strands"

# name -> (type, default as Airflow stores it (a string or None), description, example)
OPTIONS: dict[str, tuple[str, str | None, str, str | None]] = {
    "home": (
        "string",
        "",
        "Folder for embedded state (file vector store, bus outbox, sample data). Empty means "
        "`$AIRFLOW_HOME/strands`.",
        "/opt/airflow/strands",
    ),
    "bus_url": (
        "string",
        "",
        "Message bus. `memory://` for the in-process LocalBus, `redis://host:port/?db=N` for "
        "Redis Streams. Empty: Redis through `redis_conn_id` when that connection exists, "
        "else LocalBus.",
        "redis://127.0.0.1:6379/?db=0",
    ),
    "redis_conn_id": (
        "string",
        "redis_default",
        "Airflow connection id of the Redis server carrying the bus.",
        None,
    ),
    "aws_conn_id": (
        "string",
        "aws_default",
        "Airflow connection id used for S3, Glue, EMR Serverless, Lambda and Bedrock.",
        None,
    ),
    "s3_bucket": (
        "string",
        "",
        "Bucket of the learning-vector store. Also read from `STRANDS_S3_BUCKET`. Empty: "
        "the embedded file store under `home`.",
        "my-strands-learning",
    ),
    "s3_prefix": ("string", "", "Key prefix inside `s3_bucket`.", "prod/"),
    "store_url": (
        "string",
        "",
        "Explicit vector store URL (`memory://`, `file:///abs/path`, `s3://bucket/prefix`); "
        "wins over `s3_bucket`.",
        None,
    ),
    "bedrock_model": (
        "string",
        "",
        "Bedrock model id for optional natural-language parts. Also read from "
        "`STRANDS_BEDROCK_MODEL`. Empty: rule-based only.",
        "anthropic.claude-3-haiku-20240307-v1:0",
    ),
    "aws_region": (
        "string",
        "",
        "AWS region for Bedrock and cost prices. Also read from `AWS_REGION`.",
        "us-east-1",
    ),
    "stream_prefix": (
        "string",
        "strands",
        "Prefix of every Redis key the bus writes (streams, groups, dead letters).",
        None,
    ),
    "stream_maxlen": (
        "integer",
        "100000",
        "Approximate number of entries kept per stream. Trimming never removes an entry "
        "some consumer group has not acknowledged.",
        None,
    ),
    "visibility_timeout_seconds": (
        "float",
        "60",
        "A delivered message not acknowledged within this time is reclaimed by another "
        "consumer of the same agent.",
        None,
    ),
    "max_deliveries": (
        "integer",
        "5",
        "After this many failed deliveries a message moves to the dead-letter stream.",
        None,
    ),
    "bus_min_backoff_seconds": (
        "float",
        "0.5",
        "Delay before a failed message is delivered again (the 2nd delivery).",
        None,
    ),
    "bus_backoff_factor": (
        "float",
        "2",
        "Each further redelivery waits this many times longer than the previous one.",
        None,
    ),
    "bus_max_backoff_seconds": (
        "float",
        "30",
        "Longest delay between two deliveries of a failing message.",
        None,
    ),
    "bus_backoff_jitter": (
        "float",
        "0",
        "0..1: shorten each redelivery delay by a random fraction up to this.",
        None,
    ),
    "bus_socket_timeout_seconds": (
        "float",
        "5",
        "Connect and reply timeout of every Redis client of the bus (blocking reads get "
        "their block time on top). A publish that times out goes to the outbox.",
        None,
    ),
    "bus_circuit_breaker_seconds": (
        "float",
        "5",
        "After Redis failed, publishes go straight to the outbox for this long before "
        "Redis is tried again.",
        None,
    ),
    "max_payload_bytes": (
        "integer",
        "262144",
        "Largest message payload (JSON bytes). Larger data should travel as an s3:// path.",
        None,
    ),
    "analysis_max_bytes": (
        "integer",
        "102400",
        "Largest SQL or PySpark text the Quality agent analyses.",
        None,
    ),
    "analysis_timeout_seconds": (
        "float",
        "5",
        "Time budget of one SQL or PySpark analysis.",
        None,
    ),
    "max_config_bytes": (
        "integer",
        "1048576",
        "Largest pipeline config, and largest `transform.sql_file`, read (bytes). A bigger "
        "file (or an endless one such as /dev/zero) fails the task at once, naming the limit.",
        None,
    ),
    "config_allow_absolute_paths": (
        "boolean",
        "False",
        "Whether a pipeline config's `transform.sql_file` may be an absolute path. When "
        "False, it must stay inside the config's folder (no `..` escapes).",
        "True",
    ),
    "quality_bus_targets": (
        "string",
        "",
        "Targets a QUALITY_CHECK message on the bus may read: comma-separated glob patterns "
        "of file paths/URIs (`/data/out/*.parquet`, `s3://bucket/reports/*`), "
        "`duckdb:///abs/file.duckdb::table` or `conn_id:table` (`warehouse:public.orders*`). "
        "Empty: no target may be read over the bus (code analysis still answers). The "
        "in-DAG quality step is not affected. Bus answers never carry row samples.",
        "/data/out/*.parquet, warehouse:reporting.*",
    ),
    "store_connect_timeout_seconds": (
        "float",
        "5",
        "Connect timeout of one S3 call of the learning-vector store.",
        None,
    ),
    "store_read_timeout_seconds": (
        "float",
        "30",
        "Read timeout of one S3 call of the learning-vector store (a hung endpoint fails "
        "the call instead of blocking it).",
        None,
    ),
    "dashboard_store_timeout_seconds": (
        "float",
        "10",
        "The dashboard API waits this long for the learning store, then answers 503 with "
        "the reason (the api-server's own threads never wait on the store).",
        None,
    ),
    "decision_service": (
        "boolean",
        "False",
        "Decision tasks ask a running `strands-decision-service` (over the Redis bus) "
        "instead of reading the learning store themselves; with none live, or no answer "
        "in time, a task decides by itself.",
        None,
    ),
    "decision_service_timeout_seconds": (
        "float",
        "2",
        "How long a decision task waits for the decision service's answer before deciding "
        "by itself.",
        None,
    ),
    "dashboard_store_workers": (
        "integer",
        "4",
        "Threads the dashboard reads the learning store with (a dedicated pool: a hung "
        "store fills it, not the api-server's shared one). Requests beyond them and a "
        "short queue answer 503 at once.",
        None,
    ),
}


def provider_config() -> dict[str, Any]:
    """The `config` entry of the provider info, in Airflow's schema."""
    options: dict[str, Any] = {}
    for name, (typ, default, desc, example) in OPTIONS.items():
        options[name] = {
            "description": desc,
            "version_added": "0.1.0",
            "type": typ,
            "example": example,
            "default": default,
        }
    return {
        SECTION: {
            "description": "Settings of the strands-airflow provider (self-learning ETL agents).",
            "options": options,
        }
    }
