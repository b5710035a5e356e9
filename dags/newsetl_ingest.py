"""Ingest news documents from the inbox into the warehouse's raw tables.

**What runs**: `stage` reads every `.txt`, `.html` and `.jsonl` file of the inbox, rejects bad
inputs (recorded in `audit.rejected_inputs` with a reason), skips documents already loaded (same
content hash) and splits the new ones into shards of `shard_size` documents; `clean_extract`
runs once per shard (dynamic task mapping, so shards run in parallel on as many workers as the
executor has): it strips boilerplate, detects the language and finds quotes, speakers and
mentions with spaCy, writing its results as Parquet in its shard folder; `load` then moves every
shard into DuckDB in one transaction, so the warehouse keeps a single writer. A rerun on an
unchanged inbox makes no shard and loads nothing new.

**Parallelism**: at most `NEWSETL_MAX_PARALLEL_SHARDS` (default 4) shards of one run at once;
Airflow fixes that limit when this file is parsed, so it is an environment setting, not a
trigger-form field. A failed shard retries alone.

**When**: at the top of every hour (`NEWSETL_INGEST_SCHEDULE`: a cron expression, or `none`),
and on demand from the trigger form (inbox path, size limit, languages). The first scheduled
run is the next full hour after the DAG first appears, never a run for the hour already begun
(no start date, no catch-up), so starting Airflow starts no work.

**Assets**: writes `newsetl://warehouse/raw`, which schedules the `newsetl_warehouse` DAG.

**What it says**: each task logs its counts (documents read, every rejected input with its
reason, articles by language, those not extracted, quotes, mentions); the run's note repeats them
and names the rejected inputs; the asset event carries the counts. A missing inbox or a bad
trigger-form value fails the run at once (no retry, one-line reason); a held DuckDB file is retried.

**Backfill**: not needed: each run ingests whatever is new in the inbox, whatever its date. To
reload a folder, trigger a run with its path as `inbox`.

Writers to the DuckDB file run in the one-slot `duckdb_writer` pool.
"""

from __future__ import annotations

import datetime

import pendulum
from airflow.sdk import Asset, CronTriggerTimetable, Param, dag, task
from newsetl_airflow import NOTE_KEY, fail_fast

from newsetl.assets import RAW_TABLES, WRITER_POOL
from newsetl.settings import get_settings

raw_tables = Asset(RAW_TABLES)
_schedule = get_settings().ingest_schedule
# run_immediately=False still runs the past tick when Airflow starts within 6 minutes after it (Airflow
# reads False as "a tenth of the interval, at least 5 minutes"); a zero buffer never does.
NO_PAST_TICK = datetime.timedelta(0)


@dag(
    schedule=CronTriggerTimetable(_schedule, timezone="UTC", run_immediately=NO_PAST_TICK) if _schedule else None,
    catchup=False,
    max_active_runs=1,
    tags=["newsetl", "ingest"],
    default_args={"owner": "newsetl", "retries": 2, "retry_delay": pendulum.duration(seconds=30),
                  "retry_exponential_backoff": True},
    params={
        "inbox": Param(str(get_settings().inbox), type="string",
                       description="Folder of documents to ingest; must lie under NEWSETL_INBOX_ROOT"),
        "max_input_bytes": Param(get_settings().max_input_bytes, type="integer", minimum=1,
                                 maximum=get_settings().max_input_bytes_ceiling,
                                 description="Files larger than this are rejected unread"),
        "extract_languages": Param(list(get_settings().extract_languages), type="array",
                                   description="Languages whose articles get quotes and mentions"),
        "shard_size": Param(get_settings().shard_size, type="integer", minimum=1,
                            description="Documents per clean_extract task (one mapped task per shard)"),
    },
    doc_md=__doc__,
)
def newsetl_ingest():
    @task
    def stage(params: dict | None = None, run_id: str | None = None, ti=None) -> list[str]:
        """Read, reject and deduplicate the inbox; write one folder per shard of new documents."""
        from newsetl.tasks import plan_task

        with fail_fast(ti):
            return plan_task(params, run_id)

    @task(max_active_tis_per_dagrun=get_settings().max_parallel_shards)
    def clean_extract(shard_dir: str, params: dict | None = None, ti=None) -> str:
        """Boilerplate, language, quotes and mentions for one shard (one mapped task per shard)."""
        from newsetl.tasks import shard_task

        with fail_fast(ti):
            return shard_task(shard_dir, params)

    # none_failed: with nothing new there are no shards (the mapped task is skipped), and the
    # batch's rejections must still be loaded. The batch folder follows from the run id.
    @task(pool=WRITER_POOL, outlets=[raw_tables], trigger_rule="none_failed")
    def load(params: dict | None = None, run_id: str | None = None, outlet_events=None, ti=None) -> None:
        """Load every shard into DuckDB in one transaction and record the counts on the asset event."""
        from airflow.sdk.exceptions import AirflowSkipException

        from newsetl.tasks import load_run_task

        with fail_fast(ti):
            result = load_run_task(params, run_id)
        ti.xcom_push(key=NOTE_KEY, value=result["note"])
        if result["loaded"] is None:
            raise AirflowSkipException("nothing new: no load, and no asset event to rebuild the marts")
        report = result["report"]
        outlet_events[raw_tables].extra = {**{k: v for k, v in report.items() if k != "rejected_inputs"},
                                           "rejected_files": [r["file"] for r in report["rejected_inputs"]],
                                           "rows_loaded": result["loaded"]}

    clean_extract.expand(shard_dir=stage()) >> load()


newsetl_ingest()
