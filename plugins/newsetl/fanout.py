"""The ingest DAG's fan-out, run locally with a process pool (benchmarks and tests).

The DAG runs ``plan_batch`` once, ``process_shard`` as one mapped task per shard on whatever
workers the executor has, and ``load_batch`` once in the one-slot writer pool. This module does
the same with ``concurrent.futures`` so the fan-out can be measured and compared with the
single-process path without a scheduler. Worker processes are spawned, not forked, as Airflow
task processes are: each loads spaCy itself, and that cost is part of what is measured.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from newsetl.settings import Settings, get_settings


def _process(shard_dir: str, settings: Settings) -> dict[str, int]:
    from newsetl.pipeline import process_shard

    return process_shard(shard_dir, settings=settings)


def run_sharded(inbox: Path, warehouse: Path, staging_dir: Path, *, shards: int,
                batch_id: str = "sharded") -> dict[str, int]:
    """Plan, process ``shards`` shards in as many processes, and load them in one transaction.

    Returns:
        Rows loaded per batch table, plus ``shards``.
    """
    from newsetl.load import load_batch
    from newsetl.pipeline import plan_batch, utc_now

    settings = dataclasses.replace(get_settings(), warehouse=warehouse, staging_dir=staging_dir,
                                   published=warehouse.with_name("published.duckdb"))
    started = utc_now()
    batch_dir = staging_dir / batch_id
    plan = plan_batch(inbox, batch_dir, batch_id=batch_id, settings=settings, shard_size=1, max_shards=shards)
    shard_dirs = list(plan["shards"])
    if shard_dirs:
        with ProcessPoolExecutor(max_workers=len(shard_dirs), mp_context=get_context("spawn")) as pool:
            list(pool.map(_process, shard_dirs, [settings] * len(shard_dirs)))
    counts = load_batch(batch_dir, warehouse, batch_id=batch_id, started_at=started)
    return {**counts, "shards": len(shard_dirs)}
