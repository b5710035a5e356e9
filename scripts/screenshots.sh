#!/usr/bin/env bash
# Screenshots of what operators and analysts see, for the README: the DAG grid, the asset
# lineage, the dbt docs page and the report page inside the Airflow UI, and the report page alone. Needs Debian's chromium and a warehouse
# built by `make run`. Starts a throw-away local Airflow on 127.0.0.1:$SCREENSHOT_PORT (8090) over the
# project's Airflow home, with every visitor logged in as admin (screenshots only), and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
port=${SCREENSHOT_PORT:-8090}
mkdir -p "$out"
export AIRFLOW__API__PORT=$port AIRFLOW__API__BASE_URL=http://127.0.0.1:$port
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=True
setsid make --no-print-directory airflow >/tmp/newsetl-screenshots.log 2>&1 &
server=$!
trap 'kill -TERM -- -$server 2>/dev/null || true' EXIT
for _ in $(seq 1 ${SCREENSHOT_WAIT_TRIES:-90}); do
  curl -sf http://127.0.0.1:$port/api/v2/monitor/health >/dev/null && break
  sleep 2
done
shoot() {  # name url
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d)" --window-size=1500,950 --virtual-time-budget=20000 \
    --screenshot="$out/$1.png" "$2" 2>/dev/null
}
sleep 20  # the DAG processor parses both DAGs
shoot dag-grid "http://127.0.0.1:$port/auth/token/login?next=/dags/newsetl_ingest"
shoot warehouse-dag "http://127.0.0.1:$port/auth/token/login?next=/dags/newsetl_warehouse"
token=$(curl -sf http://127.0.0.1:$port/auth/token | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
asset=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v2/assets?uri_pattern=warehouse/raw" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["assets"][0]["id"])')
shoot asset-lineage "http://127.0.0.1:$port/auth/token/login?next=/assets/$asset"
shoot dbt-docs "http://127.0.0.1:$port/auth/token/login?next=/plugin/dbt-docs"
shoot report-in-airflow "http://127.0.0.1:$port/auth/token/login?next=/plugin/newsetl-report"
# The page alone, full height, as `make report` serves it (no network needed: plotly.js is beside it).
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --user-data-dir="$(mktemp -d)" --window-size=1300,2100 --virtual-time-budget=15000 \
  --screenshot="$out/report.png" "file://$PWD/data/published/report/index.html" 2>/dev/null
ls -la "$out"
