"""Run dbt on the warehouse, as the same single writer as the loads."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from newsetl.load.warehouse import is_lock_conflict, writer_lock

# How long dbt is retried while another process has the warehouse open read-only.
LOCK_WAIT_S = 120.0


class DbtError(RuntimeError):
    """dbt exited non-zero; the message carries the tail of its output."""


def dbt_env(warehouse: Path, project_dir: Path) -> dict[str, str]:
    """Environment for dbt: the warehouse path, the committed profile, and no telemetry."""
    return {
        **os.environ,
        "NEWSETL_WAREHOUSE": str(warehouse),
        "DBT_PROFILES_DIR": str(project_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }


def run_dbt(args: list[str], *, warehouse: Path, project_dir: Path) -> str:
    """Run ``dbt <args>`` in the project under the writer lock and return its output.

    Raises:
        DbtError: when dbt fails (a model or a test); the warehouse keeps what dbt committed.
    """
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), *args, "--project-dir", str(project_dir)]
    deadline = time.monotonic() + LOCK_WAIT_S
    with writer_lock(warehouse):
        while True:
            result = subprocess.run(command, cwd=project_dir, env=dbt_env(warehouse, project_dir),
                                    capture_output=True, text=True, check=False)
            output = result.stdout + result.stderr
            # A reader outside the writer lock (a stage step's lookup) had the file open for a
            # moment: dbt could not open it and wrote nothing, so it is run again.
            if result.returncode == 0 or not is_lock_conflict(output) or time.monotonic() > deadline:
                break
            time.sleep(1.0)
    if result.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-30:])
        raise DbtError(f"dbt {' '.join(args)} failed (exit {result.returncode}):\n{tail}")
    return output
