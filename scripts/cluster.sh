#!/usr/bin/env bash
# A multi-process Airflow 3 on this machine, running the reference DAG the way a
# deployment does: CeleryExecutor, PostgreSQL metadata DB, Redis bus, S3 vector store.
#
#   scripts/cluster.sh up        start everything (a fresh database and bucket), wait until ready
#   scripts/cluster.sh down      stop what `up` started (by the PIDs it recorded), nothing else
#   scripts/cluster.sh status    each process: running or not (exit 1 when one is down)
#   scripts/cluster.sh env       the shell exports for the Airflow CLI and strands-vectors
#   scripts/cluster.sh stop-service NAME / start-service NAME
#                                stop or start one recorded process (redis, s3, worker1...):
#                                the soak benchmark's faults
#
# Processes (each its own process group, PID recorded under $STRANDS_CLUSTER_DIR/pids):
#   redis        redis-server on 127.0.0.1:$REDIS_PORT (append-only file: a restart keeps
#                the streams); db 0 = Celery broker, db 1 = the Strands bus
#   moto         moto_server (S3) on 127.0.0.1:$MOTO_PORT, holding bucket $BUCKET in memory
#   s3           the S3 endpoint the cluster uses, 127.0.0.1:$S3_PORT, forwarding to moto:
#                stopping it takes S3 down without losing the bucket
#   api-server, scheduler, dag-processor, triggerer, worker1, worker2 (Celery, concurrency 2)
#   decision-agent  strands-decision-service: the long-running Decision agent the decision
#                tasks ask (AIRFLOW__STRANDS__DECISION_SERVICE=true in the cluster's env);
#                STRANDS_CLUSTER_DECISION_SERVICE=0 leaves it out (tasks decide by themselves)
# The metadata database is $DB on the PostgreSQL server at 127.0.0.1:5432 (trust auth),
# dropped and created again by `up`. Logs stay in $STRANDS_CLUSTER_DIR/logs after `down`.
#
# Settings (environment): STRANDS_CLUSTER_DIR (default <repo>/.cluster), VENV (default
# <repo>/.venv), STRANDS_CLUSTER_DB (strands_cluster), STRANDS_CLUSTER_PG_USER (postgres),
# STRANDS_CLUSTER_{API,REDIS,MOTO,S3}_PORT (8780, 6390, 5090, 5091), worker log ports
# 8781/8782 and the triggerer's 8783 (STRANDS_CLUSTER_LOG_PORT_BASE=8781).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${STRANDS_CLUSTER_DIR:-$ROOT/.cluster}"
VENV="${VENV:-$ROOT/.venv}"
case "$VENV" in /*) ;; *) VENV="$ROOT/$VENV" ;; esac
DB="${STRANDS_CLUSTER_DB:-strands_cluster}"
PG_USER="${STRANDS_CLUSTER_PG_USER:-postgres}"
PG_HOST=127.0.0.1
PG_PORT=5432
API_PORT="${STRANDS_CLUSTER_API_PORT:-8780}"
REDIS_PORT="${STRANDS_CLUSTER_REDIS_PORT:-6390}"
MOTO_PORT="${STRANDS_CLUSTER_MOTO_PORT:-5090}"
S3_PORT="${STRANDS_CLUSTER_S3_PORT:-5091}"
LOG_PORT_BASE="${STRANDS_CLUSTER_LOG_PORT_BASE:-8781}"
BUCKET="${STRANDS_CLUSTER_BUCKET:-strands-cluster}"
WORKER_CONCURRENCY="${STRANDS_CLUSTER_WORKER_CONCURRENCY:-2}"
# the reference DAG's first retry delay, seconds (the DAG's own default is 30)
RETRY_DELAY="${STRANDS_REFERENCE_RETRY_DELAY_SECONDS:-30}"
DECISION_SERVICE="${STRANDS_CLUSTER_DECISION_SERVICE:-1}"
SERVICES=(redis moto s3 api-server scheduler dag-processor triggerer worker1 worker2)
if [[ "$DECISION_SERVICE" == 1 ]]; then SERVICES+=(decision-agent); fi
# The settings above are read; from here on only the cluster's own env file configures
# Airflow and the provider, never the caller's AIRFLOW_* / STRANDS_* variables.
# shellcheck disable=SC2046
unset $(compgen -e | grep -E '^(AIRFLOW|STRANDS_)') 2>/dev/null || true

PIDS="$DIR/pids"
LOGS="$DIR/logs"
ENV_FILE="$DIR/env.sh"

die() { echo "cluster: $*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port_of() {
  case "$1" in
    redis) echo "$REDIS_PORT" ;;
    moto) echo "$MOTO_PORT" ;;
    s3) echo "$S3_PORT" ;;
    api-server) echo "$API_PORT" ;;
    worker1) echo "$LOG_PORT_BASE" ;;
    worker2) echo $((LOG_PORT_BASE + 1)) ;;
    triggerer) echo $((LOG_PORT_BASE + 2)) ;;
    *) echo "" ;;
  esac
}

# A recorded PID counts as ours only while that same process runs: the PID file holds the
# PID and its start time (/proc/PID/stat field 22); a recycled PID belongs to someone else
# and is left alone.
start_time() { [[ -r "/proc/$1/stat" ]] && awk '{sub(/^.*\) /, ""); print $20}' "/proc/$1/stat"; }

alive() {
  local pid="${1%% *}" started="${1#* }"
  [[ -n "$pid" && -d "/proc/$pid" ]] || return 1
  [[ "$(start_time "$pid" 2>/dev/null)" == "$started" ]]
}

pid_of() { [[ -f "$PIDS/$1.pid" ]] && cat "$PIDS/$1.pid" || true; }

write_env() {
  local secrets="$DIR/secrets"
  if [[ ! -f "$secrets" ]]; then
    umask 077
    {
      echo "JWT_SECRET=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))')"
      echo "API_SECRET=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))')"
      echo "ADMIN_PASSWORD=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))')"
    } > "$secrets"
    umask 022
  fi
  # shellcheck disable=SC1090
  source "$secrets"
  (umask 077; printf '{"admin": "%s"}\n' "$ADMIN_PASSWORD" > "$DIR/passwords.json")
  local bundles
  bundles="[{\"name\": \"reference-dags\", \"classpath\": \"airflow.dag_processing.bundles.local.LocalDagBundle\", \"kwargs\": {\"path\": \"$ROOT/dags\"}}, {\"name\": \"cluster-dags\", \"classpath\": \"airflow.dag_processing.bundles.local.LocalDagBundle\", \"kwargs\": {\"path\": \"$ROOT/benchmarks/cluster_dags\"}}]"
  cat > "$ENV_FILE" <<EOF
# written by scripts/cluster.sh up: source it to use the Airflow CLI / strands-vectors on the cluster
export STRANDS_CLUSTER_DIR='$DIR'
export PATH='$VENV/bin':"\$PATH"
export PYTHONPATH='$ROOT:$ROOT/scripts/cluster'
export AIRFLOW_HOME='$DIR/airflow'
export AIRFLOW__CORE__LOAD_EXAMPLES=False
# each process names itself after its role (vm-worker1, vm-worker2): two hosts in the task history
export AIRFLOW__CORE__HOSTNAME_CALLABLE=strands_cluster_hostname.hostname
export AIRFLOW__CORE__EXECUTOR=CeleryExecutor
export AIRFLOW__CORE__PARALLELISM=8
export AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG=8
export AIRFLOW__CORE__DAGS_FOLDER='$ROOT/dags'
export AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST='$bundles'
export AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES=1
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN='postgresql+psycopg2://$PG_USER@$PG_HOST:$PG_PORT/$DB'
export AIRFLOW__CELERY__BROKER_URL='redis://127.0.0.1:$REDIS_PORT/0'
export AIRFLOW__CELERY__RESULT_BACKEND='db+postgresql://$PG_USER@$PG_HOST:$PG_PORT/$DB'
export AIRFLOW__CELERY__WORKER_CONCURRENCY=$WORKER_CONCURRENCY
export AIRFLOW__CELERY__WORKER_PREFETCH_MULTIPLIER=1
export AIRFLOW__CELERY__SYNC_PARALLELISM=1
# workers warm the provider once per pool process, not once per task (strands_airflow.deploy)
export AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS=strands_airflow.deploy.celery.CONFIG
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL='http://127.0.0.1:$API_PORT/execution/'
export AIRFLOW__API__BASE_URL='http://127.0.0.1:$API_PORT'
export AIRFLOW__API__PORT=$API_PORT
export AIRFLOW__API__WORKERS=1
export AIRFLOW__API__SECRET_KEY='$API_SECRET'
export AIRFLOW__API_AUTH__JWT_SECRET='$JWT_SECRET'
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS='admin:admin'
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE='$DIR/passwords.json'
export AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=$LOG_PORT_BASE
export AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=$((LOG_PORT_BASE + 2))
# a worker that died is noticed after 30 s (default 300) and its task retried elsewhere
export AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT=30
export AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL=5
# a task handed to a worker that died before starting it is queued again after 2 min (default 10)
export AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT=120
# the reference DAG runs five runs at once here (its default is one)
export STRANDS_REFERENCE_MAX_ACTIVE_RUNS=5
export STRANDS_REFERENCE_RETRY_DELAY_SECONDS=$RETRY_DELAY
export AIRFLOW__STRANDS__HOME='$DIR/strands'
export AIRFLOW__STRANDS__S3_BUCKET='$BUCKET'
export AIRFLOW__STRANDS__STORE_CONNECT_TIMEOUT_SECONDS=2
export AIRFLOW__STRANDS__STORE_READ_TIMEOUT_SECONDS=10
export AIRFLOW__STRANDS__DECISION_SERVICE=$([[ "$DECISION_SERVICE" == 1 ]] && echo true || echo false)
export STRANDS_CLUSTER_API_URL='http://127.0.0.1:$API_PORT'
export STRANDS_CLUSTER_S3_ENDPOINT='http://127.0.0.1:$S3_PORT'
export STRANDS_CLUSTER_REDIS_URL='redis://127.0.0.1:$REDIS_PORT'
export STRANDS_CLUSTER_BUS_DB=1
export STRANDS_CLUSTER_BUCKET='$BUCKET'
export STRANDS_CLUSTER_ADMIN_PASSWORD_FILE='$DIR/passwords.json'
export AWS_DEFAULT_REGION=us-east-1
EOF
  # Outside a task (strands-vectors, scripts) the SDK does not read connections from the
  # metadata database: `env` also exports the two connections as AIRFLOW_CONN_* variables.
  # The cluster's own processes use the ones `up` stores in the database.
  cat > "$DIR/env-cli.sh" <<EOF
export AIRFLOW_CONN_AWS_DEFAULT='{"conn_type": "aws", "login": "testing", "password": "testing", "extra": {"endpoint_url": "http://127.0.0.1:$S3_PORT", "region_name": "us-east-1"}}'
export AIRFLOW_CONN_REDIS_DEFAULT='{"conn_type": "redis", "host": "127.0.0.1", "port": $REDIS_PORT, "extra": {"db": 1}}'
EOF
}

# Start one process in its own session/process group; its PID is its group id.
start_one() {
  local name="$1"
  shift
  [[ -f "$ENV_FILE" ]] || die "no $ENV_FILE: run 'scripts/cluster.sh up' first"
  local port
  port="$(port_of "$name")"
  if [[ -n "$port" ]] && port_in_use "$port"; then
    die "port $port ($name) is already in use"
  fi
  (
    # shellcheck disable=SC1090
    source "$ENV_FILE"
    export STRANDS_CLUSTER_PROCESS="cluster-$name"
    exec setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null
  ) &
  local pid=$!
  echo "$pid $(start_time "$pid")" > "$PIDS/$name.pid"
}

# CMD: the command line of one service
command_for() {
  local a="$VENV/bin/airflow"
  case "$1" in
    redis)
      CMD=(redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis"
        --appendonly yes --appendfsync everysec --save "" --daemonize no) ;;
    moto) CMD=("$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT") ;;
    s3) CMD=("$VENV/bin/python" "$ROOT/scripts/cluster/tcp_forward.py" "$S3_PORT" "$MOTO_PORT") ;;
    api-server) CMD=("$a" api-server --host 127.0.0.1 --port "$API_PORT" --workers 1) ;;
    scheduler) CMD=("$a" scheduler) ;;
    dag-processor) CMD=("$a" dag-processor) ;;
    triggerer) CMD=("$a" triggerer) ;;
    worker1) CMD=("$a" celery worker --celery-hostname "worker1@%h"
      --concurrency "$WORKER_CONCURRENCY" --without-mingle --without-gossip) ;;
    worker2) CMD=(env "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=$((LOG_PORT_BASE + 1))"
      "$a" celery worker --celery-hostname "worker2@%h"
      --concurrency "$WORKER_CONCURRENCY" --without-mingle --without-gossip) ;;
    # outside a task the SDK reads connections from the environment only: env-cli.sh
    decision-agent) CMD=(bash -c "source '$DIR/env-cli.sh' && exec '$VENV/bin/strands-decision-service' --name decision-agent") ;;
    *) die "unknown service '$1' (one of: ${SERVICES[*]})" ;;
  esac
}

start_service() {
  mkdir -p "$DIR/redis"
  command_for "$1"
  start_one "$1" "${CMD[@]}"
}

# PIDs of every process below $1 (Airflow puts each task runner in a process group of
# its own: a group kill alone would leave it running, unlike a machine that dies)
descendants() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { kids[$2] = kids[$2] " " $1 }
    END { n = split(kids[root], q, " "); while (n > 0) { p = q[n--]; print p;
          m = split(kids[p], c, " "); for (i = 1; i <= m; i++) q[++n] = c[i] } }'
}

signal_tree() {  # signal_tree SIGNAL "PID STARTTIME"...
  local signal="$1" rec
  shift
  for rec in "$@"; do
    alive "$rec" && kill "-$signal" "${rec%% *}" 2>/dev/null || true
  done
}

stop_service() {
  local name="$1" signal="${2:-TERM}" rec pid kid tree
  rec="$(pid_of "$name")"
  pid="${rec%% *}"
  if alive "$rec"; then
    # the process group (Celery's pool children) and every task process below it, each
    # remembered with its start time so that only these very processes are signalled
    tree=()
    for kid in $(descendants "$pid"); do tree+=("$kid $(start_time "$kid" 2>/dev/null)"); done
    kill "-$signal" -- "-$pid" 2>/dev/null || true
    signal_tree "$signal" "${tree[@]}"
    for _ in $(seq 1 100); do
      alive "$rec" || break
      sleep 0.2
    done
    if alive "$rec"; then
      kill -KILL -- "-$pid" 2>/dev/null || true
      sleep 0.5
    fi
    signal_tree KILL "${tree[@]}"
  fi
  rm -f "$PIDS/$name.pid"
}

wait_for() {  # wait_for SECONDS WHAT COMMAND...
  local secs="$1" what="$2"
  shift 2
  local end=$((SECONDS + secs)) name
  until "$@" >/dev/null 2>&1; do
    for name in "${SERVICES[@]}"; do
      if [[ -f "$PIDS/$name.pid" ]] && ! alive "$(pid_of "$name")"; then
        echo "cluster: $name exited while waiting for $what; the end of $LOGS/$name.log:" >&2
        tail -15 "$LOGS/$name.log" >&2
        return 1
      fi
    done
    if ((SECONDS >= end)); then
      echo "cluster: $what not ready after ${secs}s (logs in $LOGS)" >&2
      return 1
    fi
    sleep 1
  done
  echo "cluster: $what ready"
}

redis_ping() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping | grep -q PONG; }
http_ok() { "$VENV/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1"; }
psql_do() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qtA "$@"; }

health_ok() {
  "$VENV/bin/python" - "$API_PORT" <<'PY'
import json, sys, urllib.request
h = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v2/monitor/health", timeout=3))
parts = ("metadatabase", "scheduler", "triggerer", "dag_processor")
sys.exit(0 if all(h.get(p, {}).get("status") == "healthy" for p in parts) else 1)
PY
}

decision_service_live() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -n 1 --scan --pattern 'strands:decision:live:*' | grep -q .
}

workers_ready() {
  grep -q "ready" "$LOGS/worker1.log" && grep -q "ready" "$LOGS/worker2.log"
}

dags_parsed() {
  # shellcheck disable=SC1090
  (source "$ENV_FILE" && "$VENV/bin/python" - <<'PY'
from airflow.models.serialized_dag import SerializedDagModel
from airflow.utils.session import create_session
from sqlalchemy import select
with create_session() as s:
    ids = set(s.scalars(select(SerializedDagModel.dag_id)))
raise SystemExit(0 if {"strands_reference_pipeline", "strands_cluster_empty"} <= ids else 1)
PY
  )
}

rollback() {
  echo "cluster: 'up' failed; stopping what it started (logs in $LOGS)" >&2
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    stop_service "${SERVICES[i]}"
  done
}

prepare() {
  # shellcheck disable=SC1090
  source "$ENV_FILE"
  echo "cluster: database $DB (fresh)"
  psql_do -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null
  psql_do -d postgres -c "CREATE DATABASE \"$DB\"" >/dev/null
  "$VENV/bin/airflow" db migrate >"$LOGS/db-migrate.log" 2>&1 ||
    { tail -20 "$LOGS/db-migrate.log" >&2; return 1; }
  cat >"$DIR/connections.json" <<EOF
{
  "aws_default": {"conn_type": "aws", "login": "testing", "password": "testing",
                  "extra": {"endpoint_url": "http://127.0.0.1:$S3_PORT", "region_name": "us-east-1"}},
  "redis_default": {"conn_type": "redis", "host": "127.0.0.1", "port": $REDIS_PORT,
                    "extra": {"db": 1}}
}
EOF
  "$VENV/bin/airflow" connections import "$DIR/connections.json" >"$LOGS/connections.log" 2>&1 ||
    { cat "$LOGS/connections.log" >&2; return 1; }
  echo "cluster: connections aws_default (S3 at 127.0.0.1:$S3_PORT) and redis_default (db 1)"
  "$VENV/bin/python" - <<PY
import boto3
boto3.client("s3", endpoint_url="http://127.0.0.1:$S3_PORT", aws_access_key_id="testing",
             aws_secret_access_key="testing", region_name="us-east-1").create_bucket(Bucket="$BUCKET")
# the sample tables exist before the first task asks for them
from strands_airflow.pipeline.sample_data import ensure_sample_data
ensure_sample_data()
PY
  echo "cluster: bucket s3://$BUCKET and the sample data"
}

cmd_up() {
  mkdir -p "$PIDS" "$LOGS"
  for name in "${SERVICES[@]}"; do
    if alive "$(pid_of "$name")"; then
      die "already running ($name, pid $(pid_of "$name" | cut -d' ' -f1)); 'scripts/cluster.sh down' first"
    fi
  done
  # every port is checked before anything starts: a taken one stops 'up' with nothing started
  for name in "${SERVICES[@]}"; do
    port="$(port_of "$name")"
    if [[ -n "$port" ]] && port_in_use "$port"; then
      die "port $port (for $name) is already in use by another process; nothing was started. Free it or set STRANDS_CLUSTER_*_PORT"
    fi
  done
  command -v redis-server >/dev/null || die "redis-server is not installed"
  [[ -x "$VENV/bin/airflow" ]] || die "no Airflow in $VENV (set VENV=)"
  "$VENV/bin/python" -c "import airflow.providers.celery" 2>/dev/null ||
    die "apache-airflow-providers-celery is missing: pip install -c constraints.txt -e '.[cluster]'"
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || die "PostgreSQL is not answering on $PG_HOST:$PG_PORT"
  rm -f "$LOGS"/*.log
  rm -rf "$DIR/redis" "$DIR/strands/outbox"
  write_env
  # from here on, any failure (or Ctrl-C) stops whatever was started
  UP_DONE=0
  trap '[[ $UP_DONE == 1 ]] || rollback' EXIT
  start_service redis
  wait_for 20 "redis on $REDIS_PORT" redis_ping
  start_service moto
  start_service s3
  wait_for 30 "moto S3 on $MOTO_PORT, endpoint $S3_PORT" http_ok "http://127.0.0.1:$S3_PORT/"
  prepare
  for name in api-server scheduler dag-processor triggerer worker1 worker2; do
    start_service "$name"
  done
  wait_for 180 "api-server on $API_PORT" http_ok "http://127.0.0.1:$API_PORT/api/v2/monitor/health"
  wait_for 180 "scheduler, triggerer, dag-processor" health_ok
  wait_for 180 "two Celery workers" workers_ready
  wait_for 240 "reference and empty-task DAGs parsed" dags_parsed
  if [[ "$DECISION_SERVICE" == 1 ]]; then
    start_service decision-agent
    wait_for 60 "decision service" decision_service_live
  fi
  UP_DONE=1
  echo "cluster: up. UI/API http://127.0.0.1:$API_PORT (user admin, password in $DIR/passwords.json)"
  echo "cluster: 'eval \"\$(scripts/cluster.sh env)\"' points the Airflow CLI and strands-vectors here"
}

cmd_down() {
  [[ -d "$PIDS" ]] || { echo "cluster: nothing recorded in $PIDS"; return 0; }
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    name="${SERVICES[i]}"
    if [[ -f "$PIDS/$name.pid" ]]; then
      stop_service "$name"
      echo "cluster: stopped $name"
    fi
  done
  echo "cluster: down (logs kept in $LOGS)"
}

cmd_status() {
  local bad=0
  for name in "${SERVICES[@]}"; do
    rec="$(pid_of "$name")"
    if alive "$rec"; then
      printf '%-14s running  pid %s\n' "$name" "${rec%% *}"
    else
      printf '%-14s stopped\n' "$name"
      bad=1
    fi
  done
  return "$bad"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env)
    [[ -f "$ENV_FILE" ]] || die "no $ENV_FILE: run 'scripts/cluster.sh up' first"
    grep -h '^export' "$ENV_FILE" "$DIR/env-cli.sh" ;;
  stop-service) stop_service "${2:?service name}" "${3:-TERM}" ;;
  start-service)
    alive "$(pid_of "${2:?service name}")" && die "$2 is already running"
    start_service "$2" ;;
  *) echo "usage: $0 up|down|status|env|stop-service NAME [SIGNAL]|start-service NAME" >&2; exit 2 ;;
esac
