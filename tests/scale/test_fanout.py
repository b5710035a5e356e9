"""The fan-out gives the warehouse an unsharded run gives (issue #8).

The ingest DAG plans shards, cleans and parses each shard in its own mapped task, and loads all
shards in one transaction; ``newsetl run`` does the same one shard after the other. Run here at
the library level, in-process, on the sample corpus plus a duplicate, a bad file and a JSON-lines
feed (a file that yields several documents): with shards of 1 or 3 documents, processed in any
order, the raw and audit tables must hold the same rows as with the whole batch in one shard,
apart from the batch id and the load timestamps.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from newsetl.load import batch_table_files, load_batch, read_batch_table, write_batch_table
from newsetl.pipeline import plan_batch, process_batch, process_shard, utc_now
from newsetl.settings import Settings, get_settings
from tests.conftest import SAMPLE_CORPUS

TABLES = ("raw.documents", "raw.articles", "raw.quotes", "raw.mentions", "audit.rejected_inputs",
          "audit.boilerplate_removed")
VOLATILE = {"batch_id", "ingested_at", "rejected_at"}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sample articles, one duplicate under another name, one binary file, a two-line feed."""
    inbox = tmp_path_factory.mktemp("fanout") / "inbox"
    shutil.copytree(SAMPLE_CORPUS, inbox)
    first = sorted(SAMPLE_CORPUS.iterdir())[0]
    shutil.copy(first, inbox / "copy_of_first.txt")
    (inbox / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_CORPUS.iterdir())[1:3]]
    (inbox / "feed.jsonl").write_text("".join(json.dumps({"id": f"f{i}", "title": "Wire copy", "text": t + "\nMore."})
                                              + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    return inbox


def settings_in(root: Path, shard_size: int = 200) -> Settings:
    return dataclasses.replace(get_settings(), warehouse=root / "warehouse.duckdb", staging_dir=root / "staging",
                               published=root / "published.duckdb", shard_size=shard_size)


def raw_rows(warehouse: Path) -> dict[str, list[tuple]]:
    """Every raw and audit table as a sorted list of rows, volatile columns left out."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        result = {}
        for table in TABLES:
            columns = [c for (c,) in con.execute(f"select column_name from (describe {table})").fetchall()
                       if c not in VOLATILE]
            result[table] = sorted(con.execute(f"select {', '.join(columns)} from {table}").fetchall(), key=repr)
        return result


@pytest.fixture(scope="module")
def single(inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """The whole batch in one shard."""
    settings = settings_in(tmp_path_factory.mktemp("single"), shard_size=10_000)
    batch = settings.staging_dir / "one"
    assert process_batch(inbox, batch, batch_id="one", settings=settings)["documents_new"] > 3
    assert len(batch_table_files(batch, "inputs")) == 1
    load_batch(batch, settings.warehouse, batch_id="one", started_at=utc_now())
    return raw_rows(settings.warehouse)


@pytest.mark.parametrize("shard_size", [1, 3])
def test_sharded_load_equals_the_single_process_load(inbox: Path, single: dict, tmp_path: Path,
                                                     shard_size: int) -> None:
    settings = settings_in(tmp_path)
    batch = settings.staging_dir / "fan"
    plan = plan_batch(inbox, batch, batch_id="fan", settings=settings, shard_size=shard_size)
    assert len(plan["shards"]) == -(-plan["documents_new"] // shard_size) > 1
    for shard in reversed(plan["shards"]):  # any order: shards are independent
        process_shard(shard, settings=settings)
    load_batch(batch, settings.warehouse, batch_id="fan", started_at=utc_now())
    sharded = raw_rows(settings.warehouse)
    assert {t: len(r) for t, r in sharded.items()} == {t: len(r) for t, r in single.items()}
    assert sharded == single


def test_max_shards_caps_the_number_of_mapped_tasks(inbox: Path, tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    plan = plan_batch(inbox, tmp_path / "b", batch_id="b", settings=settings, shard_size=1, max_shards=2)
    assert len(plan["shards"]) == 2


def test_a_retried_shard_rewrites_the_same_files(inbox: Path, tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    plan = plan_batch(inbox, tmp_path / "b", batch_id="b", settings=settings, shard_size=4)
    shard = plan["shards"][0]
    first = process_shard(shard, settings=settings)
    assert process_shard(shard, settings=settings) == first
    assert len(batch_table_files(tmp_path / "b", "articles")) == 1


def test_batch_files_round_trip_through_an_fsspec_url() -> None:
    """Staging is fsspec: the same calls work on an object-store-like URL (memory://)."""
    rows = [{"source_uri": "s3://bucket/a.txt", "reason": "empty", "detail": "0 bytes", "rejected_at": utc_now()}]
    path = write_batch_table("memory://staging/run1/shard-0000", "rejected_inputs", rows)
    assert isinstance(path, str) and path.startswith("memory://")
    assert path.endswith("/staging/run1/shard-0000/rejected_inputs.parquet")
    assert read_batch_table("memory://staging/run1/shard-0000", "rejected_inputs") == rows
    assert batch_table_files("memory://staging/run1", "rejected_inputs") == [path]
