"""Build the marts with dbt, publish the analysts' read-only copy and the report page.

**What runs**: the `dbt` task group is rendered by Astronomer Cosmos from the compiled manifest
in its *watcher* mode: `dbt_producer_watcher` runs one `dbt build` (every seed, model and test,
in dbt's own order; dbt's own line for every node is in its log) and reports each node as it
finishes; one task per model and seed (`.run`, `.seed`) and per model's tests (`.test`) turns
green or red as dbt reports it, so a failing model or test shows on its own row. The node tasks
wait in the triggerer from the start of the run, all together (trigger rule "always": dbt keeps
the order; the edges show the lineage), and cost no worker process (plugins/newsetl_watcher.py).
Clearing one of these tasks re-runs that node alone with dbt, once its upstream tasks are done.
`dbt_docs` regenerates the docs site served in this UI (Browse → dbt docs); `publish` swaps in
`data/published/warehouse.duckdb` (readable by the DuckDB CLI) and the Parquet exports of the
marts, atomically, only after a successful build, and rebuilds the report page (Browse → newsetl
report).

**When**: whenever `newsetl_ingest` updates `newsetl://warehouse/raw` (data-aware schedule).

**Assets**: reads `newsetl://warehouse/raw`; writes `newsetl://warehouse/marts` and
`newsetl://published/warehouse`.

**Failures**: a failed model or test fails its task at once (no automatic retry: the same SQL on
the same rows fails the same way); a file lock held by another process is waited for by dbt
itself (the profile's `retries`).

**Backfill**: none needed: each build brings the incremental facts up to date with every raw
row (new, re-cleaned and removed articles) and recomputes what the actor seeds decide. After
editing a fact model's SQL, run `dbt build --full-refresh` (README, "Incremental facts").

The `dbt build` and every task that writes the DuckDB file run in the one-slot `duckdb_writer` pool.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pendulum
from airflow.sdk import Asset, dag, task
from newsetl_airflow import NOTE_KEY, fail_fast
from newsetl_watcher import report_from_one_build

from newsetl.assets import MARTS, PUBLISHED, RAW_TABLES, WRITER_POOL
from newsetl.settings import get_settings

raw_tables = Asset(RAW_TABLES)
marts = Asset(MARTS)
published = Asset(PUBLISHED)

DBT_PROJECT = get_settings().dbt_project_dir


def dbt_task_group():
    """One task per dbt node, reported by a single `dbt build` (Cosmos watcher mode)."""
    from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import ExecutionMode, InvocationMode, LoadMode

    return DbtTaskGroup(
        group_id="dbt",
        # dbt/cosmos-specific parameters
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT, manifest_path=DBT_PROJECT / "target" / "manifest.json",
            install_dbt_deps=False, env_vars={"NEWSETL_WAREHOUSE": get_settings().warehouse.name},  # run in its folder
        ),
        profile_config=ProfileConfig(profile_name="newsetl", target_name="dev",
                                     profiles_yml_filepath=DBT_PROJECT / "profiles.yml"),
        # dbt in a subprocess: in-process dbt keeps the DuckDB file open after the task. Only the
        # producer (the one `dbt build`) writes, so only it takes the writer pool's slot.
        execution_config=ExecutionConfig(execution_mode=ExecutionMode.WATCHER,
                                         dbt_executable_path=Path(sys.executable).with_name("dbt"),
                                         invocation_mode=InvocationMode.SUBPROCESS,
                                         # The report's test chart reads this build's run results.
                                         setup_operator_args={"pool": WRITER_POOL,
                                                              "callback": "newsetl.report.keep_build_results",
                                                              # dbt's lines are in the task log; its debug
                                                              # file would go with Cosmos's project copy
                                                              "dbt_cmd_flags": ["--log-level-file", "none"]}),
        # Analyses and exposures are documentation, not tasks: excluded, rather than each logging
        # "Unavailable conversion function". Our own assets describe the data flow; Cosmos's
        # one-asset-per-model events would bury them.
        render_config=RenderConfig(load_method=LoadMode.DBT_MANIFEST, emit_datasets=False,
                                   exclude=["resource_type:analysis", "resource_type:exposure"]),
        # normal task parameters
        operator_args={"install_deps": False, "retries": 0, "poke_interval": 2},
    )


@dag(
    schedule=[raw_tables],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["newsetl", "dbt", "warehouse"],
    default_args={"owner": "newsetl", "retries": 1, "retry_delay": pendulum.duration(seconds=30)},
    doc_md=__doc__,
)
def newsetl_warehouse():
    @task(pool=WRITER_POOL, outlets=[marts])
    def dbt_docs() -> None:
        """dbt docs generate: the catalog and manifest behind the docs site."""
        from newsetl.tasks import docs_task

        with fail_fast():
            docs_task()

    @task(pool=WRITER_POOL, outlets=[published])
    def publish(ti=None) -> dict[str, str]:
        """Swap in the read-only analyst copy and the Parquet exports, then rebuild the report page."""
        from newsetl.tasks import publish_task

        with fail_fast(ti):
            result = publish_task()
        ti.xcom_push(key=NOTE_KEY, value=result.pop("note"))
        return result

    dbt = dbt_task_group()
    report_from_one_build(dbt)
    dbt >> dbt_docs() >> publish()


newsetl_warehouse()
