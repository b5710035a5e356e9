"""Run dbt on the warehouse, as the same single writer as the loads."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from newsetl.load.warehouse import held_lock_fd, is_lock_conflict, writer_lock

# How long dbt is retried while another process has the warehouse open read-only.
LOCK_WAIT_S = 120.0
# Offending ids shown per failing test: enough to find the rows, short enough to read.
SHOWN_IDS = 10
_PR_SET_PDEATHSIG = 1
# The profile and target every dbt run of the project names, as the Airflow build (Cosmos) does:
# dbt keeps them, with the rendered profile, in its partial-parse state, so a run without them
# after one with them (or the other way round) parsed the whole project again (8-13 s).
PROFILE_FLAGS = ("--profile", "newsetl", "--target", "dev")


class DbtError(RuntimeError):
    """dbt exited non-zero; the message carries the tail of its output."""


class FailedTest(NamedTuple):
    """A dbt test that failed: its name, the node it tests, and ids of rows that broke it."""

    name: str
    model: str
    failures: int
    ids: tuple[str, ...]


class DbtTestError(DbtError):
    """``dbt build`` failed on tests: publication stops, and the message names tests and rows."""

    def __init__(self, failed: list[FailedTest], output: str) -> None:
        lines = [f"dbt build failed {len(failed)} test(s); nothing was published:"]
        for test in failed:
            shown = ", ".join(test.ids) or "(no id column)"
            lines.append(f"  {test.name} on {test.model}: {test.failures} row(s); ids: {shown}")
        super().__init__("\n".join(lines))
        self.failed = failed
        self.output = output


def dbt_env(warehouse: Path, project_dir: Path) -> dict[str, str]:
    """Environment for dbt: the warehouse's file name, the committed profile, and no telemetry.

    dbt runs in the warehouse's folder and opens the file by its name (``run_dbt``): the profile
    dbt renders is then the same for every warehouse named ``warehouse.duckdb``, and dbt's partial
    parsing, which starts over whenever the rendered profile changes, keeps its saved state; the
    warehouse DAG's dbt tasks run the same way (``newsetl_watcher``). With the absolute path in
    the profile, every warehouse dbt had not seen last (a new data folder, the bench's, a test's)
    cost a full parse of the project: 9.4 CPU s against 4.2.
    """
    return {
        **os.environ,
        "NEWSETL_WAREHOUSE": warehouse.name,
        "DBT_PROFILES_DIR": str(project_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }


def _die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that has the dbt child killed when the process that started it dies (Linux).

    A ``kill -9`` of ``newsetl run`` left its ``dbt build`` running, writing the warehouse after
    the lock was gone; the next run then collided with it. ``prctl`` is looked up here, in the
    parent, so the child (forked while the progress display's thread runs) only makes one call.
    """
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    return lambda: prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _offending_ids(warehouse: Path, compiled_sql: str) -> tuple[str, ...]:
    """Id columns (``*_id``, or the tested field) of the first rows a failing test returns."""
    import duckdb

    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            result = con.execute(f"select * from ({compiled_sql}) limit {SHOWN_IDS}")
            columns = [d[0] for d in result.description]
            rows = result.fetchall()
    except duckdb.Error:
        return ()
    keep = [i for i, c in enumerate(columns) if c.endswith("_id") or c == "unique_field"] or [0]
    return tuple(":".join(str(row[i]) for i in keep[:1]) for row in rows)


def _tested_node(manifest: dict, unique_id: str) -> str:
    """The model or source a test is attached to, by name ("fct_quotes")."""
    node = manifest.get("nodes", {}).get(unique_id, {})
    attached = node.get("attached_node") or next(iter(node.get("depends_on", {}).get("nodes", [])), "")
    return attached.rsplit(".", 1)[-1] or "?"


def failed_tests(project_dir: Path, warehouse: Path, *, since: float = 0.0) -> list[FailedTest]:
    """The failing tests of the last dbt run in ``project_dir`` (``target/run_results.json``).

    Args:
        since: a ``time.time()``; results written before it are another run's and are ignored.
    """
    # The tests and a scratch checkout move dbt's target folder with DBT_TARGET_PATH.
    target = project_dir / os.environ.get("DBT_TARGET_PATH", "target")
    if not (target / "run_results.json").exists() or (target / "run_results.json").stat().st_mtime < since:
        return []
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8")).get("results", [])
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    failed = []
    for result in results:
        unique_id = result.get("unique_id", "")
        if not unique_id.startswith("test.") or result.get("status") not in ("fail", "error"):
            continue
        compiled = result.get("compiled_code") or ""
        failed.append(FailedTest(
            name=unique_id.split(".")[2] if unique_id.count(".") >= 2 else unique_id,
            model=_tested_node(manifest, unique_id), failures=int(result.get("failures") or 0),
            ids=_offending_ids(warehouse, compiled) if compiled else ()))
    return failed


def run_dbt(args: list[str], *, warehouse: Path, project_dir: Path) -> str:
    """Run ``dbt <args>`` in the project under the writer lock and return its output.

    The child shares the lock's descriptor, so the lock stays held while dbt runs, and it is
    killed if this process dies, so it never runs on without the lock.

    Raises:
        DbtTestError: when tests failed (the message names each test and its offending ids).
        DbtError: when dbt failed otherwise; the warehouse keeps what dbt committed.
    """
    dbt = Path(sys.executable).with_name("dbt")
    warehouse = warehouse.resolve()
    command = [str(dbt), *args, *PROFILE_FLAGS, "--project-dir", str(project_dir.resolve())]
    deadline = time.monotonic() + LOCK_WAIT_S
    with writer_lock(warehouse):
        lock_fd = held_lock_fd(warehouse)
        die_with_parent = _die_with_parent()
        while True:
            started = time.time()
            result = subprocess.run(command, cwd=warehouse.parent, env=dbt_env(warehouse, project_dir),
                                    capture_output=True, text=True, check=False, preexec_fn=die_with_parent,
                                    pass_fds=(lock_fd,) if lock_fd is not None else ())
            output = result.stdout + result.stderr
            # A reader outside the writer lock (a stage step's lookup) had the file open for a
            # moment: dbt could not open it and wrote nothing, so it is run again.
            if result.returncode == 0 or not is_lock_conflict(output) or time.monotonic() > deadline:
                break
            time.sleep(1.0)
        failed = failed_tests(project_dir, warehouse, since=started) if result.returncode != 0 else []
    if failed:
        raise DbtTestError(failed, output)
    if result.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-30:])
        raise DbtError(f"dbt {' '.join(args)} failed (exit {result.returncode}):\n{tail}")
    return output


def mart_differences(built: Path, reference: Path, schema: str = "marts") -> dict[str, int]:
    """Rows of each mart that are in one warehouse and not the other (``except all`` both ways).

    How an incremental build is checked against a full refresh of the same raw tables: columns
    are matched by name (an incremental table gets a later-added column at its end). ``schema``
    compares another schema's tables instead (the incremental intermediate models).
    """
    import duckdb

    from newsetl.publish.copy import sql_string

    with duckdb.connect() as con:
        con.execute(f"attach {sql_string(str(built))} as built (read_only)")
        con.execute(f"attach {sql_string(str(reference))} as reference (read_only)")
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_catalog = 'reference' "
            "and table_schema = ? order by 1", [schema]).fetchall()]
        differences = {}
        for table in tables:
            columns = ", ".join(f'"{c}"' for (c,) in con.execute(
                f"select column_name from (describe reference.{schema}.{table})").fetchall())
            differences[table] = sum(con.execute(
                f"select count(*) from (select {columns} from {one}.{schema}.{table} "
                f"except all select {columns} from {other}.{schema}.{table})").fetchone()[0]
                for one, other in (("built", "reference"), ("reference", "built")))
        return differences
