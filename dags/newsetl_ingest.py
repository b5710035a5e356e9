"""Ingest news documents from the inbox into the warehouse's raw tables.

**What runs**: `stage` reads every `.txt`, `.html` and `.jsonl` file of the inbox, rejects bad
inputs (recorded in `audit.rejected_inputs` with a reason), strips boilerplate and detects the
language; `extract` finds quotes, speakers and mentions with spaCy; `load` moves the batch into
DuckDB in one transaction. Documents already loaded (same content hash) are skipped, so a rerun
adds nothing.

**When**: hourly, and on demand from the trigger form (inbox path, size limit, languages).

**Assets**: writes `newsetl://warehouse/raw`, which schedules the `newsetl_warehouse` DAG.

**Backfill**: not needed: each run ingests whatever is new in the inbox, whatever its date. To
reload a folder, trigger a run with its path as `inbox`.

Writers to the DuckDB file run in the one-slot `duckdb_writer` pool.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, Param, dag, task

from newsetl.assets import RAW_TABLES, WRITER_POOL
from newsetl.settings import get_settings

raw_tables = Asset(RAW_TABLES)


@dag(
    schedule="@hourly",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["newsetl", "ingest"],
    default_args={"owner": "newsetl", "retries": 2, "retry_delay": pendulum.duration(seconds=30),
                  "retry_exponential_backoff": True},
    params={
        "inbox": Param(str(get_settings().inbox), type="string", description="Folder of documents to ingest"),
        "max_input_bytes": Param(get_settings().max_input_bytes, type="integer", minimum=1,
                                 description="Files larger than this are rejected unread"),
        "extract_languages": Param(list(get_settings().extract_languages), type="array",
                                   description="Languages whose articles get quotes and mentions"),
    },
    doc_md=__doc__,
)
def newsetl_ingest():
    @task
    def stage(params: dict | None = None, run_id: str | None = None) -> str:
        """Read, reject, clean and language-tag the inbox into a batch folder."""
        from newsetl.tasks import stage_task

        return stage_task(params, run_id)

    @task
    def extract(batch_dir: str, params: dict | None = None) -> str:
        """Quotes, speakers and mentions for every article of the batch."""
        from newsetl.tasks import extract_task

        return extract_task(batch_dir, params)

    @task(pool=WRITER_POOL, outlets=[raw_tables])
    def load(batch_dir: str, run_id: str | None = None, outlet_events=None) -> None:
        """Load the batch into DuckDB in one transaction and record the counts on the asset event."""
        from newsetl.tasks import load_task

        outlet_events[raw_tables].extra = load_task(batch_dir, run_id)

    load(extract(stage()))


newsetl_ingest()
