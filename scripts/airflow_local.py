"""Local-mode Airflow for `make airflow` and the end-to-end tests: loopback only, no backlog.

    airflow_local.py serve           API server, scheduler, DAG processor and triggerer
    airflow_local.py drop-queued     forget asset events no DAG run has consumed yet
    airflow_local.py test DAG_ID     `airflow dags test DAG_ID`, its execution API built first

``serve`` is ``airflow standalone`` without the two log servers: standalone starts the scheduler
and the triggerer with their log servers, which bind every interface (0.0.0.0 / [::], ports 8793
and 8794, no setting moves them). Here every component runs on this machine and writes its task
logs to ``AIRFLOW_HOME/logs``, where the API server reads them, so the log servers are not needed
and are skipped (``--skip-serve-logs``); the API server binds ``AIRFLOW__API__HOST`` (127.0.0.1).
The components share one process group: SIGTERM or Ctrl-C stops all four. The scheduler and the
triggerer start once the API server has answered one execution-API request: the first one builds
that API's routes (6 s at load 7), and tasks and triggers arriving meanwhile stalled behind it for
24-40 s (the first task's start request once timed out, failing the run).

``drop-queued`` runs after `make run`: `airflow dags test` of the ingest DAG records its asset
event, which would queue a warehouse run at the next scheduler start although `make run` has
already run the warehouse DAG on it.

``test`` is what `make run` runs. `airflow dags test` runs the tasks in its own process through
an in-process execution API whose first request builds its routes (12 s at load 5, 6 s of it the
routes); built before the run starts, that time no longer lands inside whichever task starts
first (the dbt build, one run in two: its grid duration and the per-node rendering's cost).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

AIRFLOW = str(Path(sys.executable).with_name("airflow"))
COMPONENTS = {
    "api-server": ["api-server"],
    "scheduler": ["scheduler", "--skip-serve-logs"],
    "dag-processor": ["dag-processor"],
    "triggerer": ["triggerer", "--skip-serve-logs"],
}


def warm_execution_api(give_up: Callable[[], bool], timeout_s: float = 300) -> None:
    """Wait until the execution API answers (its first request is the slow one), or give up."""
    url = os.environ.get("AIRFLOW__CORE__EXECUTION_API_SERVER_URL") or (
        f"http://127.0.0.1:{os.environ.get('AIRFLOW__API__PORT', '8080')}/execution/")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not give_up():
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=60):
                return
        except OSError:
            time.sleep(1)


def serve() -> int:
    """Start the four components; return when one of them exits or on SIGTERM/SIGINT."""
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    processes = {name: subprocess.Popen([AIRFLOW, *COMPONENTS[name]]) for name in ("api-server", "dag-processor")}
    warm_execution_api(lambda: stopping or any(p.poll() is not None for p in processes.values()))
    if not stopping:
        processes |= {name: subprocess.Popen([AIRFLOW, *COMPONENTS[name]]) for name in ("scheduler", "triggerer")}
    while not stopping and all(p.poll() is None for p in processes.values()):
        time.sleep(1)
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 30
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    failed = [name for name, p in processes.items() if p.returncode not in (0, -signal.SIGTERM)]
    return 1 if failed and not stopping else 0


def drop_queued() -> int:
    """Delete the asset-triggered runs queued but not yet created (the asset DAG run queue)."""
    from airflow.models.asset import AssetDagRunQueue
    from airflow.utils.session import create_session
    from sqlalchemy import delete

    with create_session() as session:
        dropped = session.execute(delete(AssetDagRunQueue)).rowcount
    print(f"asset run queue: {dropped} queued event(s) dropped")
    return 0


def dags_test(dag_id: str) -> int:
    """Build `airflow dags test`'s in-process execution API (one request), then run the test."""
    import httpx
    from airflow.__main__ import main as airflow_main
    from airflow.sdk.execution_time.supervisor import in_process_api_server

    # The transport stays cached with the API: the run's tasks use this one, routes built.
    httpx.Client(transport=in_process_api_server().transport, base_url="http://in-process.invalid").get("/health")
    sys.argv = [AIRFLOW, "dags", "test", dag_id]
    airflow_main()
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in ("serve", "drop-queued", "test") or (command == "test") != (len(sys.argv) == 3):
        sys.exit(__doc__)
    os.environ.setdefault("AIRFLOW__API__HOST", "127.0.0.1")
    if command == "test":
        sys.exit(dags_test(sys.argv[2]))
    sys.exit(serve() if command == "serve" else drop_queued())
