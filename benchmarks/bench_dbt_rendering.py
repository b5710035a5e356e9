"""Per-node dbt tasks against one plain `dbt build` (``make bench-dbt-rendering``).

The warehouse DAG renders every dbt model, seed and test set as its own Airflow task (Cosmos's
watcher mode: one `dbt build` reports each node as it finishes). What that visibility costs is
the time of the DAG's `dbt` task group against a plain `dbt build` from the shell on the same
raw tables. The bench loads the sample corpus once (`newsetl run`), then alternates, ROUNDS
times: a plain `dbt build`; the warehouse DAG under the real scheduler
(`scripts/airflow_local.py serve`, LocalExecutor, what `make airflow` runs), triggered through
the REST API; and `airflow dags test newsetl_warehouse` as `make run` runs it
(`scripts/airflow_local.py test`). Each figure is
the median over the rounds; alternating keeps the pairs under the same machine load, which the
last line reports.

Last line: ``bench-dbt-rendering dbt_build_s=A scheduler_group_s=B scheduler_ratio=B/A
dags_test_group_s=C dags_test_ratio=C/A load=L``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "bench"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_env(work: Path, port: int) -> dict[str, str]:
    """A throw-away Airflow home and warehouse; no hourly ingest run; loopback only."""
    home = work / "airflow_home"
    home.mkdir(parents=True, exist_ok=True)
    passwords = home / "passwords.json"
    passwords.write_text(json.dumps({"admin": PASSWORD}))
    return {
        **os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
        "AIRFLOW__API__HOST": "127.0.0.1", "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__USAGE_DATA_COLLECTION__ENABLED": "False", "DO_NOT_TRACK": "1",
        "NEWSETL_INGEST_SCHEDULE": "none",
        "NEWSETL_WAREHOUSE": str(work / "data" / "warehouse.duckdb"),
        "NEWSETL_PUBLISHED": str(work / "data" / "published" / "warehouse.duckdb"),
        "NEWSETL_STAGING_DIR": str(work / "data" / "staging"),
    }


def run(env: dict[str, str], *args: str, cwd: Path | None = None) -> float:
    """Run a command to completion; its wall time in seconds."""
    started = time.monotonic()
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return time.monotonic() - started


def dbt_build(env: dict[str, str]) -> float:
    """One plain `dbt build`, run as the pipeline runs dbt (``run_dbt``: in the warehouse's folder,
    same flags), so it reuses the same partial-parse state as the DAG's build."""
    from newsetl.load.dbt import run_dbt

    started = time.monotonic()
    run_dbt(["build", "--quiet"], warehouse=Path(env["NEWSETL_WAREHOUSE"]), project_dir=PROJECT_ROOT / "dbt_project")
    return time.monotonic() - started


def group_seconds(home: Path, run_id: str | None = None) -> float:
    """First start to last end of the `dbt` task group's task instances in one run (the last run).

    A node task that `airflow dags test` runs before the build is rescheduled, and its task
    instance then shows the later start only: the first start is taken from its reschedules too.
    """
    with sqlite3.connect(home / "airflow.db") as db:
        run_id = run_id or db.execute("select run_id from dag_run where dag_id = 'newsetl_warehouse' "
                                      "order by id desc limit 1").fetchone()[0]
        (seconds,) = db.execute(
            "with tries as ("
            " select id, start_date, end_date from task_instance"
            " where dag_id = 'newsetl_warehouse' and run_id = ? and task_id like 'dbt.%'),"
            " starts as (select start_date from tries union all select r.start_date from task_reschedule as r"
            " inner join tries on r.ti_id = tries.id)"
            " select (julianday((select max(end_date) from tries)) - julianday(min(start_date))) * 86400"
            " from starts", (run_id,)).fetchone()
    return seconds


def wait_for(predicate, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(2)
    raise SystemExit(f"gave up waiting for {what}")


class Scheduler:
    """`scripts/airflow_local.py serve` (API server, scheduler, DAG processor, triggerer)."""

    def __init__(self, env: dict[str, str], work: Path) -> None:
        self.env, self.log = env, open(work / "serve.log", "w")  # noqa: SIM115 - closed in stop()
        self.base = env["AIRFLOW__API__BASE_URL"]
        self.process = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "scripts" / "airflow_local.py"), "serve"],
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

        def healthy() -> bool:
            try:
                return httpx.get(f"{self.base}/api/v2/monitor/health", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(healthy, 300, "the API server")
        token = httpx.post(f"{self.base}/auth/token", json={"username": "admin", "password": PASSWORD}).json()
        self.client = httpx.Client(base_url=self.base, timeout=30,
                                   headers={"Authorization": f"Bearer {token['access_token']}"})
        wait_for(lambda: self.client.get("/api/v2/dags/newsetl_warehouse").status_code == 200, 300,
                 "the DAG processor")

    def run_warehouse(self) -> str:
        run_id = self.client.post("/api/v2/dags/newsetl_warehouse/dagRuns", json={"logical_date": None}).json()
        run_id = run_id["dag_run_id"]

        def finished() -> str | None:
            state = self.client.get(f"/api/v2/dags/newsetl_warehouse/dagRuns/{run_id}").json()["state"]
            return state if state in ("success", "failed") else None

        if wait_for(finished, 1800, "the warehouse run") != "success":
            raise SystemExit(f"the warehouse run {run_id} failed")
        return run_id

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=60)
        time.sleep(5)  # the group's other processes finish their own shutdown
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="newsetl-bench-dbt-"))
    env = bench_env(work, free_port())
    home = Path(env["AIRFLOW_HOME"])
    try:
        run(env, str(BIN / "newsetl"), "run", "--inbox", str(PROJECT_ROOT / "sample_corpus" / "inbox"),
            "--warehouse", env["NEWSETL_WAREHOUSE"])
        run(env, str(BIN / "airflow"), "db", "migrate")
        run(env, str(BIN / "airflow"), "pools", "set", "duckdb_writer", "1", "one DuckDB writer")
        builds, scheduled, tested, loads = [], [], [], []
        scheduler = Scheduler(env, work)
        try:
            for round_number in range(1, args.rounds + 1):
                loads.append(os.getloadavg()[0])
                builds.append(dbt_build(env))
                scheduled.append(group_seconds(home, scheduler.run_warehouse()))
                print(f"round {round_number}: dbt build {builds[-1]:.1f} s, scheduler group {scheduled[-1]:.1f} s",
                      flush=True)
        finally:
            scheduler.stop()
        for round_number in range(1, args.rounds + 1):
            builds.append(dbt_build(env))
            run(env, sys.executable, str(PROJECT_ROOT / "scripts" / "airflow_local.py"), "test", "newsetl_warehouse")
            tested.append(group_seconds(home))
            loads.append(os.getloadavg()[0])
            print(f"round {round_number}: dbt build {builds[-1]:.1f} s, dags test group {tested[-1]:.1f} s",
                  flush=True)
    except SystemExit:
        print(f"kept for a look: {work} (Airflow home, task logs, warehouse)", file=sys.stderr)
        raise
    shutil.rmtree(work, ignore_errors=True)
    build = statistics.median(builds)
    print(f"bench-dbt-rendering dbt_build_s={build:.1f} scheduler_group_s={statistics.median(scheduled):.1f} "
          f"scheduler_ratio={statistics.median(scheduled) / build:.2f} "
          f"dags_test_group_s={statistics.median(tested):.1f} dags_test_ratio={statistics.median(tested) / build:.2f} "
          f"load={statistics.mean(loads):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
