"""Reliability tests: the inbox and uninterrupted run they compare against (the figures they
measure are printed at the end of the session: tests/conftest.py)."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, SAMPLE_CORPUS
from tests.reliability.cli_runs import finish, start_run


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for ``newsetl run`` subprocesses, pinned to one snapshot of the code.

    The runs of one session are compared with each other, so they must all run the same code:
    ``plugins/`` and ``dbt_project/`` are copied once and put first on ``PYTHONPATH`` (an edit
    to a rule file while the session runs would otherwise show up as a difference). dbt's
    target and logs go to the snapshot too, so these runs neither clobber nor read the
    project's ``dbt_project/target`` that other sessions and the Airflow DAG's manifest use.
    """
    frozen = tmp_path_factory.mktemp("code")
    shutil.copytree(PROJECT_ROOT / "plugins", frozen / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT_ROOT / "dbt_project", frozen / "dbt_project", ignore=shutil.ignore_patterns(
        "target", "logs", "__pycache__"))
    return {**os.environ, "PYTHONPATH": str(frozen / "plugins"),
            "NEWSETL_DBT_PROJECT_DIR": str(frozen / "dbt_project"),
            "DBT_TARGET_PATH": str(frozen / "dbt_project" / "target"),
            "DBT_LOG_PATH": str(frozen / "dbt_project" / "logs")}


@pytest.fixture(scope="session")
def reliability_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus plus inputs a newsroom really sends: a blank file, an image named .txt,
    a truncated UTF-16 export, and a JSON-lines feed with one good and two bad lines."""
    inbox = tmp_path_factory.mktemp("reliability") / "inbox"
    shutil.copytree(SAMPLE_CORPUS, inbox)
    (inbox / "blank.txt").write_bytes(b"  \n")
    (inbox / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (inbox / "export.txt").write_bytes(codecs.BOM_UTF16_LE + "Talks in Moscow".encode("utf-16-le")[:-1])
    good = {"title": "Berlin conference on Libya set for Sunday", "source": "Wire",
            "text": "Germany will host a conference on Libya on Sunday, Chancellor Angela Merkel's "
                    "spokesman Steffen Seibert said on Tuesday. \"We hope the talks bring a lasting truce,\" "
                    "Seibert told reporters in Berlin."}
    (inbox / "feed.jsonl").write_text("\n".join([json.dumps(good), "{broken", "[1, 2]"]) + "\n", encoding="utf-8")
    return inbox


@dataclass(frozen=True)
class ReferenceRun:
    """An uninterrupted ``newsetl run``: what every killed-and-resumed run must end up equal to."""

    warehouse: Path
    published: Path
    seconds: float


@pytest.fixture(scope="session")
def reference_run(reliability_inbox: Path, cli_env: dict[str, str],
                  tmp_path_factory: pytest.TempPathFactory) -> ReferenceRun:
    root = tmp_path_factory.mktemp("reference")
    started = time.monotonic()
    run = start_run(reliability_inbox, root / "warehouse.duckdb", cli_env, root / "run.log")
    assert finish(run) == 0, run.output()
    return ReferenceRun(run.warehouse, root / "published" / "warehouse.duckdb", time.monotonic() - started)
