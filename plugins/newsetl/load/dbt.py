"""Run dbt on the warehouse, as the same single writer as the loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newsetl.load.warehouse import writer_lock


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
    with writer_lock(warehouse):
        result = subprocess.run(command, cwd=project_dir, env=dbt_env(warehouse, project_dir),
                                capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-30:])
        raise DbtError(f"dbt {' '.join(args)} failed (exit {result.returncode}):\n{tail}")
    return output
