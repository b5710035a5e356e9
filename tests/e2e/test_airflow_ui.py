"""The Airflow UI as an operator meets it: the real Airflow on 127.0.0.1, behind a login.

Starts `scripts/airflow_local.py serve` (what `make airflow` runs: API server, scheduler, DAG
processor, triggerer, no log servers) in a fresh home on a free port, logs in through the REST
API, triggers the ingest DAG on an inbox of good, bad and German documents, waits until the
scheduler has run the warehouse DAG on its asset event, and reads back through the REST API what
an operator sees: task logs with their summaries, the run's note naming the rejected inputs, one
successful task per dbt node, the asset event's counts, the dbt docs and report pages behind the
login; then a run on a missing inbox, which must fail at once, and the listening sockets.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from tests.conftest import PROJECT_ROOT, SAMPLE_CORPUS
from tests.e2e.test_airflow_dags import airflow, airflow_env

BIN = Path(sys.executable).parent
PASSWORD = "newsetl-test-password"
# A German report written for this test: no extraction model covers German, so it loads as an
# article with extraction_status 'skipped_language'.
GERMAN_TEXT = """Stadtrat beschliesst neuen Radweg am Flussufer

Der Stadtrat hat am Mittwochabend mit knapper Mehrheit den Bau eines neuen Radwegs entlang des
Flussufers beschlossen. Die Bauarbeiten sollen im kommenden Frühjahr beginnen und etwa zwei Jahre
dauern. Die Bürgermeisterin sagte nach der Sitzung, der Weg werde den Verkehr in der Innenstadt
spürbar entlasten. Anwohner hatten zuvor Bedenken wegen des Lärms während der Bauzeit geäussert.
"""
pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read(client: httpx.Client, path: str) -> dict | None:
    """GET a JSON body, or None on an error status or a timeout: a poll reads again rather than
    fail on the 500 that SQLite's writer lock can cause (see :func:`trigger`), or on the API server
    waiting out that lock (a 31 s wait was seen on a loaded machine, beyond the client's 30 s)."""
    try:
        response = client.get(path)
    except httpx.TimeoutException:
        return None
    return response.json() if response.status_code == 200 else None


def wait_for(predicate, *, timeout_s: float, what: str, every_s: float = 2.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(every_s)
    raise TimeoutError(f"gave up after {timeout_s:.0f} s waiting for {what}")


def mixed_inbox(root: Path) -> Path:
    """The sample corpus plus an empty file, a binary file and a German article."""
    inbox = root / "inbox"
    shutil.copytree(SAMPLE_CORPUS, inbox)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (inbox / "stadtrat_radweg.txt").write_text(GERMAN_TEXT, encoding="utf-8")
    return inbox


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, Path, subprocess.Popen]]:
    """A running local-mode Airflow and a client logged in as admin."""
    root = tmp_path_factory.mktemp("ui")
    port = free_port()
    passwords = root / "passwords.json"
    passwords.write_text(json.dumps({"admin": PASSWORD}))
    env = {**airflow_env(root), "AIRFLOW__API__HOST": "127.0.0.1", "AIRFLOW__API__PORT": str(port),
           "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
           "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
           "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
           "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
           "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
           "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
           "AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL": "5",
           "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
           "NEWSETL_INBOX": str(mixed_inbox(root))}
    airflow(env, "db", "migrate")
    airflow(env, "pools", "set", "duckdb_writer", "1", "one DuckDB writer")
    log = open(root / "airflow.log", "w")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "scripts" / "airflow_local.py"), "serve"], env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        def healthy() -> bool:
            try:
                return httpx.get(f"{base}/api/v2/monitor/health", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False
        wait_for(healthy, timeout_s=180, what="the API server")
        token = httpx.post(f"{base}/auth/token", json={"username": "admin", "password": PASSWORD}).json()
        client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token['access_token']}"},
                              timeout=30)
        yield client, root, server
    finally:
        stop_process_group(server)
        log.close()


def stop_process_group(leader: subprocess.Popen) -> None:
    """SIGTERM to the whole group, then SIGKILL to what is left of it.

    standalone exits on SIGTERM before its scheduler does, and a scheduler busy shutting down
    its executor was seen to outlive the test run: waiting on the leader alone is not enough.
    """
    os.killpg(leader.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        leader.wait(timeout=60)
    time.sleep(5)  # the group's other processes finish their own shutdown
    with contextlib.suppress(ProcessLookupError):  # raised when everything had stopped
        os.killpg(leader.pid, signal.SIGKILL)


def test_the_api_needs_a_login(ui) -> None:
    client, _, _ = ui
    assert httpx.get(f"{client.base_url}/api/v2/dags").status_code == 401


def test_both_dags_load_without_import_errors(ui) -> None:
    client, _, _ = ui
    def both_parsed() -> list[dict] | None:
        dags = (read(client, "/api/v2/dags") or {}).get("dags", [])
        return dags if {d["dag_id"] for d in dags} >= {"newsetl_ingest", "newsetl_warehouse"} else None

    dags = wait_for(both_parsed, timeout_s=120, what="the DAG processor to parse both DAGs")
    assert {d["dag_id"] for d in dags} == {"newsetl_ingest", "newsetl_warehouse"}
    assert client.get("/api/v2/importErrors").json()["total_entries"] == 0


def trigger(client: httpx.Client, dag_id: str, conf: dict | None = None, attempts: int = 5) -> str:
    """Trigger a run as the UI's button does and return its run id. The metadata database is
    SQLite, which lets one writer in at a time: while the scheduler or the DAG processor holds the
    lock, the API answers 500 "Database error" (seen once in a fresh-clone run). Try again, unless
    the run was created before the failure (the audit-log insert came after it)."""
    before = {r["dag_run_id"] for r in (read(client, f"/api/v2/dags/{dag_id}/dagRuns") or {}).get("dag_runs", [])}
    for _ in range(attempts):
        created = client.post(f"/api/v2/dags/{dag_id}/dagRuns", json={"logical_date": None, "conf": conf or {}})
        if created.status_code == 200:
            return created.json()["dag_run_id"]
        runs = {r["dag_run_id"] for r in (read(client, f"/api/v2/dags/{dag_id}/dagRuns") or {}).get("dag_runs", [])}
        if runs - before:
            return next(iter(runs - before))
        time.sleep(3)
    raise AssertionError(f"could not trigger {dag_id}: {created.status_code} {created.text}")


def run_state(client: httpx.Client, dag_id: str, run_id: str) -> dict | None:
    """The run, once it has finished."""
    run = read(client, f"/api/v2/dags/{dag_id}/dagRuns/{run_id}")
    return run if run and run["state"] in ("success", "failed") else None


def task_log(client: httpx.Client, dag_id: str, run_id: str, task_id: str, try_number: int = 1) -> str:
    response = client.get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/logs/{try_number}",
                          params={"full_content": True}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text[:500]
    return response.text


@pytest.fixture(scope="module")
def mixed_run(ui) -> dict[str, dict]:
    """The ingest run on the mixed inbox and the warehouse run its asset event scheduled."""
    client, _, _ = ui
    wait_for(lambda: client.get("/api/v2/dags/newsetl_ingest").status_code == 200, timeout_s=120,
             what="the ingest DAG")
    run_id = trigger(client, "newsetl_ingest")
    ingest = wait_for(lambda: run_state(client, "newsetl_ingest", run_id), timeout_s=420, what="the ingest run")

    def warehouse_run() -> dict | None:
        runs = (read(client, "/api/v2/dags/newsetl_warehouse/dagRuns") or {}).get("dag_runs", [])
        return runs[0] if runs and runs[0]["state"] in ("success", "failed") else None

    warehouse = wait_for(warehouse_run, timeout_s=600, what="the warehouse run")
    return {"ingest": ingest, "warehouse": warehouse}


def test_the_triggered_run_and_the_warehouse_run_it_scheduled_succeed(mixed_run) -> None:
    assert mixed_run["ingest"]["state"] == "success"
    assert mixed_run["warehouse"]["state"] == "success"
    assert mixed_run["warehouse"]["run_type"] == "asset_triggered"


def test_the_task_logs_hold_the_summaries(ui, mixed_run) -> None:
    client, _, _ = ui
    run_id = mixed_run["ingest"]["dag_run_id"]
    stage = task_log(client, "newsetl_ingest", run_id, "stage")
    assert "8 documents read" in stage and "rejected empty.txt: empty" in stage and "rejected binary.txt" in stage
    load = task_log(client, "newsetl_ingest", run_id, "load")
    assert "not extracted (no model for the language): de 1" in load
    build = task_log(client, "newsetl_warehouse", mixed_run["warehouse"]["dag_run_id"], "dbt.dbt_producer_watcher")
    assert "OK created sql table model" in build and "PASS unique_fct_quotes_quote_id" in build
    assert "Unavailable conversion function" not in build


def test_the_run_note_names_the_rejected_inputs(mixed_run) -> None:
    note = mixed_run["ingest"]["note"]
    assert "empty.txt: empty" in note and "binary.txt: binary" in note
    assert "not extracted (no model for the language): de 1" in note


def test_the_asset_event_carries_the_counts(ui, mixed_run) -> None:
    client, _, _ = ui
    events = client.get("/api/v2/assets/events", params={"source_dag_id": "newsetl_ingest"}).json()["asset_events"]
    extra = next(e["extra"] for e in events if e["source_run_id"] == mixed_run["ingest"]["dag_run_id"])
    assert extra["rejected"] == 2 and extra["not_extracted"] == {"de": 1}
    assert sorted(extra["rejected_files"]) == ["binary.txt", "empty.txt"]


def test_every_dbt_node_task_succeeded(ui, mixed_run) -> None:
    client, _, _ = ui
    run_id = mixed_run["warehouse"]["dag_run_id"]
    tis = client.get(f"/api/v2/dags/newsetl_warehouse/dagRuns/{run_id}/taskInstances", params={"limit": 200}).json()
    states = {ti["task_id"]: ti["state"] for ti in tis["task_instances"]}
    dbt_nodes = [t for t in states if t.startswith("dbt.") and t.endswith((".run", ".test", ".seed"))]
    assert len(dbt_nodes) > 20 and "dbt.fct_quotes.test" in dbt_nodes
    assert {states[t] for t in dbt_nodes} == {"success"}
    assert states["publish"] == "success"


def test_a_missing_inbox_fails_at_once_without_retry(ui, mixed_run) -> None:
    client, root, _ = ui
    # Under the allowed inbox root (the mixed inbox's parent): a folder outside it is a bad parameter instead.
    missing = root / "no-such-inbox"
    run_id = trigger(client, "newsetl_ingest", conf={"inbox": str(missing)})
    run = wait_for(lambda: run_state(client, "newsetl_ingest", run_id), timeout_s=180, what="the failing run",
                   every_s=1.0)
    assert run["state"] == "failed"
    stage = client.get(f"/api/v2/dags/newsetl_ingest/dagRuns/{run_id}/taskInstances/stage").json()
    assert stage["state"] == "failed" and stage["try_number"] == 1
    # Seconds from the task's start to its end, not the scheduler's pick-up time.
    took = (_time(stage["end_date"]) - _time(stage["start_date"]))
    assert took < 30, f"stage took {took:.0f} s"
    assert f"inbox not found: inbox {missing} does not exist" in run["note"]
    log = task_log(client, "newsetl_ingest", run_id, "stage")
    assert f"inbox not found: inbox {missing}" in log and "AirflowFailException" in log


def _time(stamp: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def test_the_dbt_docs_and_the_report_are_served_behind_the_login(ui, mixed_run) -> None:
    client, _, _ = ui
    for page, marker in (("/newsetl/dbt-docs/", "dbt"), ("/newsetl/report/", "newsetl report")):
        response = client.get(page)
        assert response.status_code == 200 and marker in response.text.lower()
        anonymous = httpx.get(f"{client.base_url}{page}", headers={"Accept": "text/html"})
        assert anonymous.status_code == 307 and "/auth/login" in anonymous.headers["location"]
        assert httpx.get(f"{client.base_url}{page}").status_code == 401
    assert client.get("/newsetl/report/plotly.min.js").status_code == 200
    views = [v for p in client.get("/api/v2/plugins").json()["plugins"] for v in p.get("external_views", [])]
    assert {"/newsetl/dbt-docs/", "/newsetl/report/"} <= {v["href"] for v in views}


def test_nothing_listens_beyond_loopback(ui, mixed_run) -> None:
    _, _, server = ui
    processes = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
    listening = [(p.name(), c.laddr) for p in processes for c in p.net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN]
    assert listening, "the API server should listen on 127.0.0.1"
    assert {addr.ip for _, addr in listening} <= {"127.0.0.1", "::1"}, listening
