"""Build the marts with dbt and publish the analysts' read-only copy.

**What runs**: `dbt_build` runs `dbt build` (models and their tests) and `dbt docs generate` on the
DuckDB warehouse; `publish` swaps in `data/published/warehouse.duckdb` (readable by the DuckDB CLI)
and the Parquet exports of the marts, atomically, only after a successful build.

**When**: whenever `newsetl_ingest` updates `newsetl://warehouse/raw` (data-aware schedule).

**Assets**: reads `newsetl://warehouse/raw`; writes `newsetl://warehouse/marts` and
`newsetl://published/warehouse`.

**Backfill**: none needed: the marts are rebuilt from all raw rows each time. Trigger a run by
hand to rebuild after editing the dbt project or the actor alias seed.

Both tasks run in the one-slot `duckdb_writer` pool: DuckDB allows one writer per file.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, dag, task

from newsetl.assets import MARTS, PUBLISHED, RAW_TABLES, WRITER_POOL

raw_tables = Asset(RAW_TABLES)
marts = Asset(MARTS)
published = Asset(PUBLISHED)


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
    def dbt_build() -> None:
        """dbt build + docs generate on the warehouse."""
        from newsetl.tasks import build_task

        build_task()

    @task(pool=WRITER_POOL, outlets=[published])
    def publish() -> dict[str, str]:
        """Swap in the read-only analyst copy and the Parquet exports."""
        from newsetl.tasks import publish_task

        return publish_task()

    dbt_build() >> publish()


newsetl_warehouse()
