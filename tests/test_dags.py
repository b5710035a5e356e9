"""The DAG files parse cheaply and correctly (Airflow's best practices: a DagBag test).

Each check runs in a fresh interpreter with a throw-away AIRFLOW_HOME, so that what a DAG file
imports at parse time is measured alone and Airflow's configuration never touches the project.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

PARSE_DAGS = """
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
heavy = sorted(m for m in ("spacy", "trafilatura", "duckdb", "langdetect", "dbt") if m in sys.modules)
warehouse = bag.dags["newsetl_warehouse"]
print(json.dumps({
    "errors": {k: str(v) for k, v in bag.import_errors.items()},
    "dag_ids": sorted(bag.dags),
    "heavy_modules": heavy,
    "warehouse_schedule": sorted(a.uri for a in warehouse.timetable.asset_condition.objects),
    "ingest_outlets": sorted(o.uri for t in bag.dags["newsetl_ingest"].tasks for o in t.outlets),
    "writer_pools": sorted({t.pool for d in bag.dags.values() for t in d.tasks if t.outlets}),
    "owners": sorted({t.owner for d in bag.dags.values() for t in d.tasks}),
    "warehouse_tasks": sorted(t.task_id for t in warehouse.tasks),
    "warehouse_pools": sorted({t.pool for t in warehouse.tasks}),
}))
"""


def parse_dags(tmp_path: Path, **extra_env: str) -> dict:
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "AIRFLOW__CORE__UNIT_TEST_MODE": "True", **extra_env}
    result = subprocess.run([sys.executable, "-c", PARSE_DAGS, str(PROJECT_ROOT / "dags")], env=env,
                            capture_output=True, text=True, timeout=300, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_dags_parse_without_errors_or_heavy_imports(tmp_path: Path) -> None:
    parsed = parse_dags(tmp_path)
    assert parsed["errors"] == {}
    assert parsed["dag_ids"] == ["newsetl_ingest", "newsetl_warehouse"]
    assert parsed["heavy_modules"] == []


def test_ingest_emits_the_asset_the_warehouse_dag_is_scheduled_on(tmp_path: Path) -> None:
    parsed = parse_dags(tmp_path)
    assert parsed["ingest_outlets"] == ["newsetl://warehouse/raw"]
    assert parsed["warehouse_schedule"] == ["newsetl://warehouse/raw"]
    assert parsed["writer_pools"] == ["duckdb_writer"]
    assert parsed["owners"] == ["newsetl"]


def test_per_model_rendering_gives_one_task_per_dbt_node_in_the_writer_pool(tmp_path: Path) -> None:
    """What `make airflow` shows: Cosmos renders every model, seed and test from the manifest."""
    parsed = parse_dags(tmp_path, NEWSETL_DBT_TASKS="per_model")
    assert parsed["errors"] == {}
    tasks = parsed["warehouse_tasks"]
    for model in ("stg_newsetl__quotes", "int_mentions_resolved_to_actors", "fct_quotes", "dim_actors"):
        assert f"dbt.{model}.run" in tasks
    assert "dbt.actor_aliases.seed" in tasks
    assert {"dbt_docs", "publish"} <= set(tasks) and "dbt_build" not in tasks
    assert parsed["warehouse_pools"] == ["duckdb_writer"]


def test_the_library_imports_without_airflow() -> None:
    code = "import sys, newsetl, newsetl.pipeline, newsetl.cli; print('airflow' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
