"""Both DAGs through a real Airflow (project-local home, SQLite) and a real ``dbt build``.

``airflow dags test`` does not trigger asset consumers, so the warehouse DAG is run after the
ingest DAG, as the scheduler would on the asset event. Each runs as `make run` runs it
(``scripts/airflow_local.py test``: the in-process execution API built first).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, SAMPLE_CORPUS, SCORE_SEEDS

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.e2e


def airflow_env(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW_HOME": str(root / "airflow_home"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__USAGE_DATA_COLLECTION__ENABLED": "False",
        "DO_NOT_TRACK": "1",
        "NEWSETL_INBOX": str(SAMPLE_CORPUS),
        "NEWSETL_WAREHOUSE": str(root / "data" / "warehouse.duckdb"),
        "NEWSETL_PUBLISHED": str(root / "data" / "published" / "warehouse.duckdb"),
        "NEWSETL_STAGING_DIR": str(root / "data" / "staging"),
        # No top-of-the-hour run: it would ingest the test's inbox before the run the test triggers.
        "NEWSETL_INGEST_SCHEDULE": "none",
    }


def airflow(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return _checked([str(BIN / "airflow"), *args], env)


def dags_test(env: dict[str, str], dag_id: str) -> subprocess.CompletedProcess:
    return _checked([sys.executable, str(PROJECT_ROOT / "scripts" / "airflow_local.py"), "test", dag_id], env)


def _checked(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def airflow_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate a fresh Airflow, create the writer pool, run ingest then warehouse."""
    root = tmp_path_factory.mktemp("airflow")
    env = airflow_env(root)
    airflow(env, "db", "migrate")
    airflow(env, "pools", "set", "duckdb_writer", "1", "one DuckDB writer")
    dags_test(env, "newsetl_ingest")
    dags_test(env, "newsetl_warehouse")
    return root


def test_dags_load_without_import_errors(airflow_run: Path) -> None:
    result = airflow(airflow_env(airflow_run), "dags", "list-import-errors", "--output", "json")
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_both_dag_runs_succeeded(airflow_run: Path) -> None:
    env = airflow_env(airflow_run)
    for dag_id in ("newsetl_ingest", "newsetl_warehouse"):
        result = airflow(env, "dags", "list-runs", dag_id, "--output", "json")
        runs = json.loads(result.stdout.strip().splitlines()[-1])
        assert [run["state"] for run in runs] == ["success"]


def test_the_marts_hold_the_sample_corpus(airflow_run: Path) -> None:
    with duckdb.connect(str(airflow_run / "data" / "warehouse.duckdb"), read_only=True) as con:
        files = con.execute("select count(distinct regexp_extract(source_uri, '[^/]+$')), count(*) "
                            "from marts.fct_articles").fetchone()
        schemas = {s for (s,) in con.execute("select distinct table_schema from information_schema.tables").fetchall()}
    assert files == (5, 8)
    assert {"raw", "audit", "marts"} <= schemas and "main_marts" not in schemas


@pytest.mark.skipif(not SCORE_SEEDS.exists(), reason="../shared/tools/score_seeds.py is not beside the project")
def test_the_published_copy_scores_on_the_seed_gold(airflow_run: Path) -> None:
    published = airflow_run / "data" / "published" / "warehouse.duckdb"
    result = subprocess.run([sys.executable, str(SCORE_SEEDS), str(published), "--json"],
                            capture_output=True, text=True, check=True)
    summary = json.loads(result.stdout)["summary"]
    assert summary["docs_found"] == "5/5"
    assert summary["boilerplate_removed"] == 1.0 and summary["body_kept"] == 1.0
    assert summary["language_acc"] == 1.0 and summary["title_acc"] >= 0.8
