"""Build the marts with dbt and publish the analysts' read-only copy.

**What runs**: the `dbt` task group holds one task per dbt model, seed and its tests (rendered by
Astronomer Cosmos from the compiled manifest), so a failing model or test shows and retries on
its own; `dbt_docs` regenerates the docs site served in this UI (Browse → dbt docs);
`publish` swaps in `data/published/warehouse.duckdb` (readable by the DuckDB CLI) and the
Parquet exports of the marts, atomically, only after a successful build.
`NEWSETL_DBT_TASKS` chooses between the two renderings: `single` (the default: one `dbt build`
task) or `per_model` (what `make airflow` sets); the README gives the measured cost of each.

**When**: whenever `newsetl_ingest` updates `newsetl://warehouse/raw` (data-aware schedule).

**Assets**: reads `newsetl://warehouse/raw`; writes `newsetl://warehouse/marts` and
`newsetl://published/warehouse`.

**Backfill**: none needed: the marts are rebuilt from all raw rows each time. Trigger a run by
hand to rebuild after editing the dbt project or the actor alias seed.

Every task that writes the DuckDB file runs in the one-slot `duckdb_writer` pool.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pendulum
from airflow.sdk import Asset, dag, task

from newsetl.assets import MARTS, PUBLISHED, RAW_TABLES, WRITER_POOL
from newsetl.settings import get_settings

raw_tables = Asset(RAW_TABLES)
marts = Asset(MARTS)
published = Asset(PUBLISHED)

DBT_PROJECT = get_settings().dbt_project_dir
PER_MODEL_TASKS = os.environ.get("NEWSETL_DBT_TASKS", "single") == "per_model"


def dbt_task_group():
    """One Airflow task per dbt node, rendered from the manifest (no dbt run at parse time)."""
    from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import InvocationMode, LoadMode

    return DbtTaskGroup(
        group_id="dbt",
        # dbt/cosmos-specific parameters
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT, manifest_path=DBT_PROJECT / "target" / "manifest.json",
            install_dbt_deps=False, env_vars={"NEWSETL_WAREHOUSE": str(get_settings().warehouse)},
        ),
        profile_config=ProfileConfig(profile_name="newsetl", target_name="dev",
                                     profiles_yml_filepath=DBT_PROJECT / "profiles.yml"),
        # dbt in a subprocess: in-process dbt keeps the DuckDB file open after the task.
        execution_config=ExecutionConfig(dbt_executable_path=Path(sys.executable).with_name("dbt"),
                                         invocation_mode=InvocationMode.SUBPROCESS),
        # A relationships test needs both of its models built: run it after both, on its own.
        # Our own assets describe the data flow; Cosmos's one-asset-per-model events would bury them.
        render_config=RenderConfig(load_method=LoadMode.DBT_MANIFEST, should_detach_multiple_parents_tests=True,
                                   emit_datasets=False),
        # normal task parameters
        operator_args={"pool": WRITER_POOL, "install_deps": False},
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
    @task(pool=WRITER_POOL)
    def dbt_build() -> None:
        """The whole dbt project as one `dbt build` (used when NEWSETL_DBT_TASKS=single)."""
        from newsetl.tasks import build_task

        build_task()

    @task(pool=WRITER_POOL, outlets=[marts])
    def dbt_docs() -> None:
        """dbt docs generate: the catalog and manifest behind the docs site."""
        from newsetl.tasks import docs_task

        docs_task()

    @task(pool=WRITER_POOL, outlets=[published])
    def publish() -> dict[str, str]:
        """Swap in the read-only analyst copy and the Parquet exports."""
        from newsetl.tasks import publish_task

        return publish_task()

    build = dbt_task_group() if PER_MODEL_TASKS else dbt_build()
    build >> dbt_docs() >> publish()


newsetl_warehouse()
