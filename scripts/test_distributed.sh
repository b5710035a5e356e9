#!/usr/bin/env bash
# make test-distributed: both DAGs on a real distributed Airflow, compared with the local run.
#
# Starts PostgreSQL (metadata database) and Redis (Celery broker) on 127.0.0.1, an api-server,
# a scheduler, a dag-processor, a triggerer (the warehouse DAG's dbt node tasks wait there for
# the one dbt build to report their node) and two Celery workers, all in a scratch folder; triggers
# newsetl_ingest on the sample corpus with shards of 2 documents (so the mapped clean_extract
# tasks spread over both workers), lets the scheduler start newsetl_warehouse from the asset
# event, then checks that the marts equal those of `newsetl run` (one process) on the same
# inbox. `airflow dags test` would run everything in-process; this goes through Celery.
#
# Needs the Debian packages postgresql and redis-server (the missing ones are installed with
# apt-get, which needs root or sudo) and the Python packages of uv.lock (the Celery and Postgres
# providers). Ports default to 54329 (PostgreSQL), 63799 (Redis) and 28080 (API server); a port
# in use (another run of this script) moves to the next free one. Everything it starts is
# stopped on exit, by process id, and the ports are free again when it returns. KEEP=1 keeps the
# scratch folder. .ci/run runs it after `make test`.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/.venv/bin"
DEADLINE_S="${DEADLINE_S:-560}"
STARTED_AT=$(date +%s)
PIDS=()

say() { printf '== [%3ss] %s\n' "$(($(date +%s) - STARTED_AT))" "$*"; }

# -- system packages --------------------------------------------------------------------------
pg_bin() {  # the newest PostgreSQL server's bin folder (initdb, pg_ctl), or nothing
    local initdb
    initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
    if [[ -x $initdb ]]; then dirname "$initdb"; fi
}
missing=()
[[ -n "$(pg_bin)" ]] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if ((${#missing[@]})); then
    say "installing ${missing[*]} (apt-get)"
    SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
    # Only what is missing (no upgrade of what is there); waits for a dpkg lock held by another
    # apt (unattended upgrades on a fresh machine) and retries a failed mirror fetch.
    apt_get() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3 "$@"; }
    for attempt in 1 2 3; do
        apt_get update && apt_get install -y --no-install-recommends "${missing[@]}" >/dev/null && break
        ((attempt < 3)) || { echo "test-distributed: apt-get could not install ${missing[*]}" >&2; exit 2; }
        sleep 15
    done
fi
PG_BIN="$(pg_bin)"
[[ -n $PG_BIN ]] || { echo "test-distributed: no initdb under /usr/lib/postgresql/*/bin" >&2; exit 2; }
"$BIN/python" -c "import airflow.providers.celery, airflow.providers.postgres, psycopg2, redis" 2>/dev/null || {
    echo "test-distributed: the Celery/Postgres providers are missing from .venv; run 'make venv' (uv.lock)" >&2
    exit 2
}

# PostgreSQL refuses to run as root: run it as the 'postgres' system user when we are root.
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {  # free_port PORT: PORT, or the next port nothing listens on
    local port=$1
    while port_open "$port"; do port=$((port + 1)); done
    echo "$port"
}
PG_PORT=$(free_port "${PG_PORT:-54329}")
REDIS_PORT=$(free_port "${REDIS_PORT:-63799}")
API_PORT=$(free_port "${API_PORT:-28080}")
WORK="$(mktemp -d /tmp/newsetl-distributed.XXXXXX)"

cleanup() {
    local status=$? pid port
    for pid in "${PIDS[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
    sleep 2
    for pid in "${PIDS[@]}"; do kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true; done
    # A process of this run that left its process group still has this run's Airflow home in its
    # environment: stop it too, and say so (it would be a leak to fix).
    for pid in $(grep -lsz "^AIRFLOW_HOME=$WORK/airflow_home\$" /proc/[0-9]*/environ | cut -d/ -f3); do
        [[ $pid != "$$" && -e /proc/$pid ]] || continue
        echo "test-distributed: stopping leftover process $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline")" >&2
        kill -9 "$pid" 2>/dev/null || true
    done
    [[ -f "$WORK/redis.pid" ]] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
    [[ -d "$WORK/pg" ]] && as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
    # Return with the ports free, so that a next run (CI's retry, a second make) can bind them.
    for port in "$PG_PORT" "$REDIS_PORT" "$API_PORT"; do
        for _ in $(seq 100); do port_open "$port" || break; sleep 0.1; done
        if port_open "$port"; then echo "test-distributed: port $port still in use after cleanup" >&2; fi
    done
    if [[ $status -ne 0 ]]; then
        echo "test-distributed FAILED; last lines of each log:" >&2
        for log in "$WORK"/logs/*.log; do echo "--- $log" >&2; tail -n 15 "$log" >&2; done
    fi
    [[ "${KEEP:-0}" == 1 || $status -ne 0 ]] && echo "scratch folder kept: $WORK" >&2 || rm -rf "$WORK"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/logs" "$WORK/pgsock"
[[ $(id -u) -eq 0 ]] && chown postgres "$WORK" "$WORK/pgsock" && chmod 755 "$WORK"

# -- PostgreSQL and Redis on 127.0.0.1 ----------------------------------------------------------
say "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U airflow --auth=trust -E UTF8 >"$WORK/logs/initdb.log"
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pgsock" start >/dev/null
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U airflow airflow
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
    --dir "$WORK" --pidfile "$WORK/redis.pid" --logfile "$WORK/logs/redis.log"

# -- Airflow with the CeleryExecutor ------------------------------------------------------------
export AIRFLOW_HOME="$WORK/airflow_home"
export AIRFLOW__CORE__EXECUTOR=CeleryExecutor
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="postgresql+psycopg2://airflow@127.0.0.1:$PG_PORT/airflow"
export AIRFLOW__CELERY__BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export AIRFLOW__CELERY__RESULT_BACKEND="db+postgresql://airflow@127.0.0.1:$PG_PORT/airflow"
export AIRFLOW__CORE__DAGS_FOLDER="$ROOT/dags"
export AIRFLOW__CORE__PLUGINS_FOLDER="$ROOT/plugins"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=True
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://127.0.0.1:$API_PORT/execution/"
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__PORT="$API_PORT"
export AIRFLOW__API_AUTH__JWT_SECRET="$("$BIN/python" -c 'import secrets; print(secrets.token_hex(32))')"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS=admin:admin
export AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC=2
export AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL=5
export AIRFLOW__LOGGING__LOGGING_LEVEL=WARNING
export AIRFLOW__USAGE_DATA_COLLECTION__ENABLED=False
export DO_NOT_TRACK=1 SCARF_ANALYTICS=false DBT_SEND_ANONYMOUS_USAGE_STATS=false
export NEWSETL_INBOX="$ROOT/sample_corpus/inbox"
export NEWSETL_WAREHOUSE="$WORK/data/warehouse.duckdb"
export NEWSETL_PUBLISHED="$WORK/data/published/warehouse.duckdb"
export NEWSETL_PARQUET_DIR="$WORK/data/published/parquet"
export NEWSETL_STAGING_DIR="$WORK/data/staging"
export NEWSETL_SHARD_SIZE=2
export NEWSETL_INGEST_SCHEDULE=none  # no top-of-the-hour run racing the triggered one

say "migrating the metadata database"
"$BIN/airflow" db migrate >"$WORK/logs/migrate.log" 2>&1
"$BIN/airflow" pools set duckdb_writer 1 "One writer at a time on the DuckDB warehouse" >/dev/null

start() {  # start NAME COMMAND...: a background Airflow component with its own log
    local name=$1; shift
    # Its own process group, so cleanup also stops what it forks (Celery's pool processes).
    setsid "$@" >"$WORK/logs/$name.log" 2>&1 &
    PIDS+=($!)
}
say "starting api-server, scheduler, dag-processor, triggerer and two Celery workers"
start api-server "$BIN/airflow" api-server --port "$API_PORT"
start scheduler "$BIN/airflow" scheduler
start dag-processor "$BIN/airflow" dag-processor
start triggerer "$BIN/airflow" triggerer --skip-serve-logs
start worker1 env AIRFLOW__LOGGING__LOGGING_LEVEL=INFO "$BIN/airflow" celery worker --concurrency 1 --celery-hostname "newsetl1@%h" --skip-serve-logs
start worker2 env AIRFLOW__LOGGING__LOGGING_LEVEL=INFO "$BIN/airflow" celery worker --concurrency 1 --celery-hostname "newsetl2@%h" --skip-serve-logs

over_time() { (( $(date +%s) - STARTED_AT > DEADLINE_S )); }
airflow_json() { "$BIN/airflow" "$@" --output json 2>/dev/null | tail -n 1; }

say "waiting for both DAGs to be parsed"
dags_parsed() { local listed; listed=$(airflow_json dags list || true); [[ $listed == *newsetl_ingest* && $listed == *newsetl_warehouse* ]]; }
until dags_parsed; do
    over_time && { echo "DAGs not parsed in time" >&2; exit 1; }
    sleep 5
done
"$BIN/airflow" dags unpause newsetl_ingest >/dev/null
"$BIN/airflow" dags unpause newsetl_warehouse >/dev/null

say "triggering newsetl_ingest"
"$BIN/airflow" dags trigger newsetl_ingest >/dev/null

runs_done() {  # runs_done DAG_ID: 0 when it has runs, all finished, none failed; 2 on a failure
    airflow_json dags list-runs "$1" | "$BIN/python" -c '
import json, sys
states = [r["state"] for r in json.loads(sys.stdin.read() or "[]")]
sys.exit(2 if "failed" in states else 0 if states and set(states) == {"success"} else 1)'
}
wait_for_runs() {  # wait_for_runs DAG_ID: until every run of the DAG has succeeded
    local status
    while true; do
        status=0; runs_done "$1" || status=$?
        [[ $status -eq 0 ]] && { say "$1: success"; return 0; }
        [[ $status -eq 2 ]] && { echo "$1: a run failed" >&2; return 1; }
        over_time && { echo "$1 not finished after ${DEADLINE_S}s" >&2; return 1; }
        sleep 5
    done
}
# Unpausing may also start the hourly run of the ingest DAG (it then finds nothing new); pausing
# it again once the runs are done keeps a later hour from starting another.
wait_for_runs newsetl_ingest
"$BIN/airflow" dags pause newsetl_ingest >/dev/null
say "waiting for the asset event to start newsetl_warehouse"
sleep 10
wait_for_runs newsetl_warehouse

# -- the same inbox in one process, then compare the marts --------------------------------------
say "local run (newsetl run) on the same inbox"
# Default shard size here: the reference is the batch in one shard, the DAG ran shards of 2.
env -u NEWSETL_PUBLISHED -u NEWSETL_PARQUET_DIR -u NEWSETL_STAGING_DIR -u NEWSETL_WAREHOUSE -u NEWSETL_SHARD_SIZE \
    "$BIN/newsetl" run --inbox "$NEWSETL_INBOX" --warehouse "$WORK/local/warehouse.duckdb" >"$WORK/logs/local.log" 2>&1

say "comparing marts"
"$BIN/python" - "$NEWSETL_WAREHOUSE" "$WORK/local/warehouse.duckdb" "$WORK/logs" <<'PY'
"""Exit 1 unless every mart holds the same rows in both warehouses (load times aside)."""
import sys
from pathlib import Path

import duckdb

# Load times, and the times of statements and stories, which fall back on them for undated inputs.
VOLATILE = {"ingested_at", "batch_id", "loaded_at", "rejected_at", "first_seen_at", "last_seen_at",
            "first_published_at", "last_published_at"}
distributed, local, logs = sys.argv[1], sys.argv[2], Path(sys.argv[3])


def marts(path: str) -> dict[str, list[tuple]]:
    with duckdb.connect(path, read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        result = {}
        for table in tables:
            columns = [c for (c,) in con.execute(f"select column_name from (describe marts.{table})").fetchall()
                       if c not in VOLATILE]
            rows = con.execute(f"select {', '.join(columns)} from marts.{table}").fetchall()
            result[table] = sorted(rows, key=repr)
        return result


a, b = marts(distributed), marts(local)
assert a.keys() == b.keys() and a, f"mart tables differ: {sorted(a)} vs {sorted(b)}"
bad = [t for t in a if a[t] != b[t]]
for table in a:
    print(f"   marts.{table:<16} {len(a[table]):>5} rows  {'DIFFERENT' if table in bad else 'equal'}")
workers = {name: (logs / f"{name}.log").read_text(errors="replace").count("clean_extract")
           for name in ("worker1", "worker2")}
print(f"   clean_extract log lines per Celery worker: {workers}")
sys.exit(1 if bad else 0)
PY
say "test-distributed passed: the marts built through Celery equal the local run's"
