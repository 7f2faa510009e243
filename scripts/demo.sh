#!/usr/bin/env bash
# The README's first command (`make demo` calls this after installing the project):
# prepare an Airflow home and database, then run the reference DAG several times on the
# embedded defaults (in-process bus, file vector store; local DuckDB and Spark), printing
# what each run decided and measured, then what the system has learned.
# VENV picks the virtualenv (default .venv, as `make` sets it up).
set -euo pipefail
cd "$(dirname "$0")/.."
export AIRFLOW_HOME="${AIRFLOW_HOME:-$PWD/.airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="$PWD/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
VENV="${VENV:-.venv}"
mkdir -p "$AIRFLOW_HOME"
echo "Airflow home: $AIRFLOW_HOME (database: SQLite)"
"$VENV/bin/airflow" db migrate > "$AIRFLOW_HOME/db-migrate.log" 2>&1 || { tail -20 "$AIRFLOW_HOME/db-migrate.log"; exit 1; }
exec "$VENV/bin/python" scripts/demo.py --runs "${RUNS:-8}" "$@"
