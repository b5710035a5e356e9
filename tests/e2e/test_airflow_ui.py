"""The Airflow UI as an operator meets it: the real API server on 127.0.0.1, behind a login.

Starts ``airflow standalone`` (API server, scheduler, DAG processor, triggerer) in a fresh home,
logs in through the REST API, checks that both DAGs load without import errors, triggers the
ingest DAG and waits until the scheduler has run the warehouse DAG on its asset event, then
fetches the dbt docs page through the UI route, with and without the login.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_airflow_dags import airflow, airflow_env

BIN = Path(sys.executable).parent
PASSWORD = "newsetl-test-password"
pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read(client: httpx.Client, path: str) -> dict | None:
    """GET a JSON body, or None on an error status: a poll reads again rather than fail on the
    500 that SQLite's writer lock can cause (see :func:`trigger`)."""
    response = client.get(path)
    return response.json() if response.status_code == 200 else None


def wait_for(predicate, *, timeout_s: float, what: str, every_s: float = 2.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(every_s)
    raise TimeoutError(f"gave up after {timeout_s:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, Path]]:
    """A running standalone Airflow and a client logged in as admin."""
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
           "AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL": "5",
           "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5"}
    airflow(env, "db", "migrate")
    airflow(env, "pools", "set", "duckdb_writer", "1", "one DuckDB writer")
    log = open(root / "standalone.log", "w")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen([str(BIN / "airflow"), "standalone"], env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
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
        yield client, root
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
    client, _ = ui
    assert httpx.get(f"{client.base_url}/api/v2/dags").status_code == 401


def test_both_dags_load_without_import_errors(ui) -> None:
    client, _ = ui
    def both_parsed() -> list[dict] | None:
        dags = (read(client, "/api/v2/dags") or {}).get("dags", [])
        return dags if {d["dag_id"] for d in dags} >= {"newsetl_ingest", "newsetl_warehouse"} else None

    dags = wait_for(both_parsed, timeout_s=120, what="the DAG processor to parse both DAGs")
    assert {d["dag_id"] for d in dags} == {"newsetl_ingest", "newsetl_warehouse"}
    assert client.get("/api/v2/importErrors").json()["total_entries"] == 0


def trigger(client: httpx.Client, dag_id: str, attempts: int = 5) -> None:
    """Trigger a run as the UI's button does. The standalone's metadata database is SQLite, which
    lets one writer in at a time: while the scheduler or the DAG processor holds the lock, the API
    answers 500 "Database error" (seen once in a fresh-clone run). Try again, unless the run was
    created before the failure (the audit-log insert came after it)."""
    for _ in range(attempts):
        created = client.post(f"/api/v2/dags/{dag_id}/dagRuns", json={"logical_date": None})
        if created.status_code == 200:
            return
        runs = client.get(f"/api/v2/dags/{dag_id}/dagRuns")
        if runs.status_code == 200 and runs.json()["total_entries"]:
            return
        time.sleep(3)
    raise AssertionError(f"could not trigger {dag_id}: {created.status_code} {created.text}")


def test_a_triggered_run_succeeds_and_schedules_the_warehouse_dag(ui) -> None:
    client, _ = ui
    wait_for(lambda: client.get("/api/v2/dags/newsetl_ingest").status_code == 200, timeout_s=120,
             what="the ingest DAG")
    trigger(client, "newsetl_ingest")

    def finished(dag_id: str) -> str | None:
        runs = (read(client, f"/api/v2/dags/{dag_id}/dagRuns") or {}).get("dag_runs", [])
        states = {run["state"] for run in runs}
        return next(iter(states)) if runs and states <= {"success", "failed"} else None

    assert wait_for(lambda: finished("newsetl_ingest"), timeout_s=300, what="the ingest run") == "success"
    assert wait_for(lambda: finished("newsetl_warehouse"), timeout_s=400, what="the warehouse run") == "success"


def test_the_dbt_docs_page_is_served_inside_the_ui_behind_the_login(ui) -> None:
    client, _ = ui
    wait_for(lambda: client.get("/newsetl/dbt-docs/manifest.json").status_code == 200, timeout_s=300,
             what="the docs files")
    page = client.get("/newsetl/dbt-docs/")
    assert page.status_code == 200 and "dbt" in page.text.lower()
    assert httpx.get(f"{client.base_url}/newsetl/dbt-docs/").status_code == 401
    views = [v for p in client.get("/api/v2/plugins").json()["plugins"] for v in p.get("external_views", [])]
    assert any(v["href"] == "/newsetl/dbt-docs/" for v in views)
