"""Drive the real ``newsetl run`` command as a separate process and watch what it is doing.

The kill tests need to know which step a run is in without a fault hook in production code, so
they watch what any operator could see: the batch files appearing under ``staging/``, the
writer lock held in ``/proc/locks``, a ``dbt`` child process, the ``.partial`` published file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

NEWSETL = Path(sys.executable).with_name("newsetl")
POLL_S = 0.01


@dataclass
class Run:
    """A ``newsetl run`` process (leader of its own process group) and its log file."""

    process: subprocess.Popen[bytes]
    warehouse: Path
    log: Path
    # Batch folders of earlier runs (a killed run leaves its own behind): not this run's.
    earlier_batches: frozenset[Path]

    @property
    def staging(self) -> Path:
        return self.warehouse.parent / "staging"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_run(inbox: Path, warehouse: Path, env: dict[str, str], log: Path) -> Run:
    """Start ``newsetl run`` in a new session, so that a kill can take its dbt child with it."""
    earlier = frozenset((warehouse.parent / "staging").glob("cli-*"))
    with open(log, "wb") as handle:
        process = subprocess.Popen([str(NEWSETL), "run", "--inbox", str(inbox), "--warehouse", str(warehouse)],
                                   stdout=handle, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    return Run(process, warehouse, log, earlier)


def finish(run: Run, timeout_s: float = 600.0) -> int:
    return run.process.wait(timeout=timeout_s)


def kill_when(run: Run, ready: Callable[[Run], bool], timeout_s: float = 300.0) -> bool:
    """SIGKILL the run's whole process group as soon as ``ready(run)``; False if it ended first."""
    deadline = time.monotonic() + timeout_s
    while run.process.poll() is None and time.monotonic() < deadline:
        if ready(run):
            os.killpg(run.process.pid, signal.SIGKILL)
            run.process.wait(timeout=60)
            _wait_group_gone(run.process.pid)
            return True
        time.sleep(POLL_S)
    return False


def _wait_group_gone(pgid: int, timeout_s: float = 30.0) -> None:
    """A killed dbt child must be gone too before the next run opens the warehouse."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        alive = [p for p in psutil.process_iter(["pid"]) if _pgid(p.pid) == pgid]
        if not alive:
            return
        time.sleep(0.05)
    raise AssertionError(f"processes of group {pgid} survived SIGKILL")


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def batch_files(run: Run, name: str) -> int:
    """How many files of one batch table this run's batch holds, in its folder and its shards'.

    The inbox scan writes ``rejected_inputs`` and each shard's ``inputs``; a shard's clean step
    writes ``documents``, ``boilerplate_removed`` and ``rejected_inputs``, its extract step
    ``quotes``, ``mentions`` and then ``articles`` (with their extraction status).
    """
    batches = set(run.staging.glob("cli-*")) - run.earlier_batches
    return sum(1 for batch in batches for _ in [*batch.glob(f"{name}.parquet"), *batch.glob(f"shard-*/{name}.parquet")])


def lock_held(warehouse: Path) -> bool:
    """Some process holds the writer lock (read from ``/proc/locks``, without taking it)."""
    lock = warehouse.with_name(warehouse.name + ".lock")
    try:
        inode = lock.stat().st_ino
    except FileNotFoundError:
        return False
    locks = Path("/proc/locks").read_text()
    return any(line.split()[1] == "FLOCK" and line.split()[5].endswith(f":{inode}")
               for line in locks.splitlines() if len(line.split()) > 5)


def dbt_running(run: Run, command: str = "build") -> bool:
    """A ``dbt <command>`` child of the run is alive."""
    try:
        children = psutil.Process(run.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return False
    for child in children:
        try:
            cmdline = child.cmdline()
        except psutil.Error:
            continue
        if any(part.endswith("dbt") for part in cmdline[:2]) and command in cmdline:
            return True
    return False


def dbt_writing(run: Run) -> bool:
    """``dbt build`` is running and has written to the warehouse (its WAL exists)."""
    return dbt_running(run) and run.warehouse.with_name(run.warehouse.name + ".wal").exists()
