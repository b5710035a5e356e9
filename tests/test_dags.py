"""The DAG files parse cheaply and correctly (Airflow's best practices: a DagBag test).

The DAG files are parsed in a fresh interpreter with a throw-away AIRFLOW_HOME, so that what a
DAG file imports at parse time is measured alone and Airflow's configuration never touches the
project. One parse serves every check of this module: a parse took 15-18 s at load 7.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

PARSE_DAGS = """
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
heavy = sorted(m for m in ("spacy", "trafilatura", "duckdb", "langdetect", "dbt") if m in sys.modules)
warehouse = bag.dags["newsetl_warehouse"]

def ingest_first_run_in_the_future():
    # As the scheduler sees the DAG: serialised and read back (None: no schedule).
    from airflow.serialization.serialized_objects import DagSerialization
    from airflow.utils import timezone
    dag = DagSerialization.from_dict(DagSerialization.to_dict(bag.dags["newsetl_ingest"]))
    info = dag.timetable.next_dagrun_info(last_automated_data_interval=None, restriction=dag._time_restriction)
    return None if info is None else info.run_after > timezone.utcnow()

print(json.dumps({
    "errors": {k: str(v) for k, v in bag.import_errors.items()},
    "dag_ids": sorted(bag.dags),
    "heavy_modules": heavy,
    "warehouse_schedule": sorted(a.uri for a in warehouse.timetable.asset_condition.objects),
    "ingest_outlets": sorted(o.uri for t in bag.dags["newsetl_ingest"].tasks for o in t.outlets),
    "writer_pools": sorted({t.pool for d in bag.dags.values() for t in d.tasks if t.outlets}),
    "owners": sorted({t.owner for d in bag.dags.values() for t in d.tasks}),
    "ingest_timetable": type(bag.dags["newsetl_ingest"].timetable).__name__,
    "warehouse_tasks": sorted(t.task_id for t in warehouse.tasks),
    "dbt_build_pool": warehouse.get_task("dbt.dbt_producer_watcher").pool,
    "first_nodes_drawn_after_the_build": all(
        "dbt.dbt_producer_watcher" in warehouse.get_task(t).upstream_task_ids
        for t in ("dbt.actor_aliases.seed", "dbt.stg_newsetl__quotes.run")),
    "node_tasks": {t.task_id: [type(t).__name__, str(t.trigger_rule), t.start_from_trigger,
                               t.start_trigger_args.trigger_cls if t.start_trigger_args else None]
                   for t in warehouse.tasks if t.task_id.endswith((".run", ".test", ".seed"))},
    "producer_class": type(warehouse.get_task("dbt.dbt_producer_watcher")).__name__,
    "ingest_first_run_in_the_future": ingest_first_run_in_the_future(),
}))
"""


def parse_dags(tmp_path: Path, **extra_env: str) -> dict:
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "AIRFLOW__CORE__UNIT_TEST_MODE": "True", "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_ROOT / "plugins"),
           **extra_env}
    result = subprocess.run([sys.executable, "-c", PARSE_DAGS, str(PROJECT_ROOT / "dags")], env=env,
                            capture_output=True, text=True, timeout=300, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return parse_dags(tmp_path_factory.mktemp("airflow_home"))


def test_dags_parse_without_errors_or_heavy_imports(parsed: dict) -> None:
    assert parsed["errors"] == {}
    assert parsed["dag_ids"] == ["newsetl_ingest", "newsetl_warehouse"]
    assert parsed["heavy_modules"] == []


def test_ingest_emits_the_asset_the_warehouse_dag_is_scheduled_on(parsed: dict) -> None:
    assert parsed["ingest_outlets"] == ["newsetl://warehouse/raw"]
    assert parsed["warehouse_schedule"] == ["newsetl://warehouse/raw"]
    assert parsed["writer_pools"] == ["duckdb_writer"]
    assert parsed["owners"] == ["newsetl"]


def test_the_ingest_schedule_is_hourly_unless_configured_off(parsed: dict, tmp_path: Path) -> None:
    assert parsed["ingest_timetable"] == "CronTriggerTimetable"
    assert parse_dags(tmp_path, NEWSETL_INGEST_SCHEDULE="none")["ingest_timetable"] == "NullTimetable"


def test_every_dbt_model_seed_and_test_set_is_a_task_fed_by_one_dbt_build(parsed: dict) -> None:
    """One rendering everywhere: Cosmos's watcher mode, one `dbt build` reporting per node; the node
    tasks start in the triggerer with the run (plugins/newsetl_watcher.py)."""
    assert parsed["errors"] == {}
    tasks = parsed["warehouse_tasks"]
    for model in ("stg_newsetl__quotes", "int_mentions_resolved_to_actors", "fct_quotes", "dim_actors"):
        assert f"dbt.{model}.run" in tasks and f"dbt.{model}.test" in tasks
    assert "dbt.actor_aliases.seed" in tasks
    assert "dbt.dbt_producer_watcher" in tasks
    assert {"dbt_docs", "publish"} <= set(tasks) and "dbt_build" not in tasks
    assert parsed["dbt_build_pool"] == "duckdb_writer"
    assert parsed["first_nodes_drawn_after_the_build"]
    assert parsed["producer_class"] == "NodeResultsProducer"
    kinds = {"run": "ReportedRun", "test": "ReportedTests", "seed": "ReportedSeed"}
    for task_id, (cls, rule, from_trigger, trigger) in parsed["node_tasks"].items():
        assert cls == kinds[task_id.rsplit(".", 1)[1]], task_id
        assert (rule, from_trigger, trigger) == ("always", True, "newsetl_watcher.NodeResultTrigger"), task_id


def test_the_hourly_ingest_does_not_fire_when_airflow_starts(parsed: dict) -> None:
    assert parsed["ingest_first_run_in_the_future"] is True


def test_the_library_imports_without_airflow() -> None:
    code = "import sys, newsetl, newsetl.pipeline, newsetl.cli; print('airflow' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


LOAD_PLUGINS = """
import json, sys
from airflow.sdk.plugins_manager import _get_plugins
plugins = _get_plugins()[0]
print(json.dumps({"ours": sorted(p.name for p in plugins if p.name.startswith("newsetl")),
                  "api_server_imported": "airflow.api_fastapi.app" in sys.modules,
                  "cosmos_imported": "cosmos.operators.watcher" in sys.modules}))
"""


def test_loading_the_plugins_costs_a_task_process_no_api_server(tmp_path: Path) -> None:
    """Every task process loads every plugin (Cosmos reads the manifest through Airflow's object
    storage, whose lineage hooks load them): Airflow's API server app, which the docs app needs,
    stays unimported there, and
    Cosmos is imported once, before the LocalExecutor forks its task processes."""
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_ROOT / "plugins")}
    result = subprocess.run([sys.executable, "-c", LOAD_PLUGINS], env=env, capture_output=True, text=True,
                            timeout=300, check=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {"ours": ["newsetl_dbt_docs", "newsetl_run_notes"], "api_server_imported": False,
                      "cosmos_imported": True}


NODE_OUTCOMES = """
import json, sys
sys.path.insert(0, sys.argv[1])
from newsetl_watcher import outcome
results = {"status": {"model.p.a": "success", "model.p.b": "error", "model.p.a:tests": "fail", "seed.p.s": "skipped"},
           "message": {"model.p.b": "Binder Error: no column x", "model.p.a:tests": "not_null_a_id: Got 2 results"}}
cases = [("model.p.a", "running"), ("model.p.b", "running"), ("model.p.a:tests", "success"), ("seed.p.s", "running"),
         ("model.p.c", "running"), ("model.p.c", "queued"), ("model.p.c", "success"), ("model.p.c", "failed"),
         ("model.p.c", "skipped")]
print(json.dumps([outcome(results, key, state) for key, state in cases]))
"""


def test_a_node_task_ends_as_the_build_reported_its_node(tmp_path: Path) -> None:
    """What a node task does from the producer's one results XCom (plugins/newsetl_watcher.py)."""
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__UNIT_TEST_MODE": "True"}
    result = subprocess.run([sys.executable, "-c", NODE_OUTCOMES, str(PROJECT_ROOT / "plugins")], env=env,
                            capture_output=True, text=True, timeout=300, check=True)
    decided = json.loads(result.stdout.strip().splitlines()[-1])
    assert decided[0] == {"outcome": "success", "status": "success"}
    assert decided[1] == {"outcome": "failed", "status": "error", "message": "Binder Error: no column x"}
    assert decided[2]["outcome"] == "failed" and "not_null_a_id" in decided[2]["message"]
    assert decided[3] == {"outcome": "skipped", "status": "skipped"}
    # Not reported yet: wait while the build runs or has not started.
    assert decided[4] is None and decided[5] is None
    # The build is over without a word on the node: not built (ephemeral), or the build broke off.
    assert decided[6] == {"outcome": "success", "status": "not run"}
    assert decided[7]["outcome"] == "failed" and "ended before" in decided[7]["message"]
    # Cosmos skips a retried producer: every node task then runs its own node with dbt.
    assert decided[8] == {"outcome": "rerun"}


PRODUCER_PUSHES = """
import json, sys, threading, time
sys.path.insert(0, sys.argv[1])
import newsetl_watcher as watcher

class TaskInstance:
    def __init__(self):
        self.pushes = []
    def xcom_push(self, key, value):
        self.pushes.append(sorted(value["status"]))

producer = object.__new__(watcher.NodeResultsProducer)  # no operator arguments: its push methods only
object.__setattr__(producer, "_BaseOperator__init_kwargs", {})
producer._push_lock, producer._push_pending, producer._pushes_closed = threading.Lock(), False, False
ti = producer._results_ti = TaskInstance()
parse = producer._make_parse_callable()

def finished(unique_id, status):
    node = {"unique_id": unique_id, "node_status": status, "resource_type": "model"}
    parse(json.dumps({"info": {"name": "NodeFinished", "msg": unique_id}, "data": {"node_info": node}}),
          {"context": {"ti": ti}})

for unique_id in ("model.p.a", "model.p.b", "model.p.c"):
    finished(unique_id, "success")
during_burst = list(ti.pushes)
time.sleep(watcher.PUSH_SECONDS * 4)
after_the_wait = list(ti.pushes)
finished("model.p.d", "error")
producer._push(last=True)
time.sleep(watcher.PUSH_SECONDS * 4)
print(json.dumps({"during_burst": during_burst, "after_the_wait": after_the_wait, "in_all": ti.pushes}))
"""


def test_the_build_reports_a_burst_of_nodes_in_one_push_and_the_last_ones_before_it_ends(tmp_path: Path) -> None:
    """The producer's results XCom is pushed once per burst of finished nodes, within PUSH_SECONDS,
    and what is pending when dbt exits is pushed then; a timer that fires later pushes nothing."""
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__UNIT_TEST_MODE": "True"}
    result = subprocess.run([sys.executable, "-c", PRODUCER_PUSHES, str(PROJECT_ROOT / "plugins")], env=env,
                            capture_output=True, text=True, timeout=300, check=True)
    pushes = json.loads(result.stdout.strip().splitlines()[-1])
    everything = ["model.p.a", "model.p.b", "model.p.c", "model.p.d"]
    assert pushes == {"during_burst": [], "after_the_wait": [everything[:3]],
                      "in_all": [everything[:3], everything]}


ENDED_BUILD_READS = """
import json, sys
sys.path.insert(0, sys.argv[1])
import newsetl_watcher as watcher

producer_states, reads = iter(["queued", "running", "success", "failed"]), []

def read_results(dag_id, run_id, producer_task_id):
    reads.append(next(producer_states))
    return reads[-1], {"status": {"model.p.a": "success"}}

watcher.read_results = read_results
seen = [watcher.ended_build_results("d", "r", "dbt.producer")[0] for _ in range(5)]
print(json.dumps({"seen": seen, "reads": reads}))
"""


def test_node_tasks_in_one_process_read_an_ended_build_once(tmp_path: Path) -> None:
    """Under `airflow dags test` every node task runs after the build in one process: the first
    read after the producer ended serves the others (results no longer change)."""
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__UNIT_TEST_MODE": "True"}
    result = subprocess.run([sys.executable, "-c", ENDED_BUILD_READS, str(PROJECT_ROOT / "plugins")], env=env,
                            capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "seen": ["queued", "running", "success", "success", "success"], "reads": ["queued", "running", "success"]}
