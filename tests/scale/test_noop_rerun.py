"""A rerun on an unchanged inbox stops after the stage (``has_new_work``), so it costs a scan.

The hourly schedule mostly finds nothing new; running extract, load, dbt and publish anyway
took a third of a full run on the benchmark corpus. Checked here on a hand-made warehouse, so
no dbt build is needed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from newsetl.load import write_batch_table
from newsetl.pipeline import has_new_work, utc_now
from newsetl.publish import published_stamp
from newsetl.publish.copy import STAMP_FILE
from newsetl.settings import Settings, get_settings


def make_warehouse(path: Path, batch_ids: tuple[str, ...]) -> None:
    """Marts, one recorded rejection and the given loaded batches."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create table marts.fct_articles (article_id varchar)")
        con.execute("create schema audit; create table audit.rejected_inputs (source_uri varchar, reason varchar)")
        con.execute("insert into audit.rejected_inputs values ('/inbox/empty.txt', 'empty')")
        con.execute("create table audit.load_batches (batch_id varchar)")
        for batch_id in batch_ids:
            con.execute("insert into audit.load_batches values (?)", [batch_id])


@pytest.fixture
def built(tmp_path: Path) -> Settings:
    """A warehouse and its published copy, both holding the one loaded batch."""
    settings = dataclasses.replace(get_settings(), warehouse=tmp_path / "w.duckdb",
                                   published=tmp_path / "published" / "w.duckdb",
                                   parquet_dir=tmp_path / "published" / "parquet")
    settings.published.parent.mkdir()
    make_warehouse(settings.warehouse, ("b1",))
    make_warehouse(settings.published, ("b1",))
    settings.parquet_dir.mkdir()  # exports made from this published copy
    (settings.parquet_dir / STAMP_FILE).write_text(published_stamp(settings.published), encoding="utf-8")
    return settings


def rejection(uri: str, reason: str) -> dict:
    return {"source_uri": uri, "reason": reason, "detail": "", "rejected_at": utc_now()}


def test_nothing_new_when_only_known_rejections_come_back(built: Settings, tmp_path: Path) -> None:
    write_batch_table(tmp_path / "b", "documents", [])
    write_batch_table(tmp_path / "b", "rejected_inputs", [rejection("/inbox/empty.txt", "empty")])
    assert not has_new_work(tmp_path / "b", built)


def test_a_new_rejection_is_new_work(built: Settings, tmp_path: Path) -> None:
    write_batch_table(tmp_path / "b", "rejected_inputs", [rejection("/inbox/image.txt", "binary")])
    assert has_new_work(tmp_path / "b", built)


def test_missing_marts_or_published_copy_is_new_work(built: Settings, tmp_path: Path) -> None:
    write_batch_table(tmp_path / "b", "documents", [])
    built.published.unlink()
    assert has_new_work(tmp_path / "b", built)


def test_a_loaded_batch_the_published_copy_lacks_is_new_work(built: Settings, tmp_path: Path) -> None:
    """A run killed during dbt or publish left a batch loaded but not published: finish it."""
    write_batch_table(tmp_path / "b", "documents", [])
    with duckdb.connect(str(built.warehouse)) as con:
        con.execute("insert into audit.load_batches values ('killed-run')")
    assert has_new_work(tmp_path / "b", built)


def test_parquet_exports_behind_the_published_copy_are_new_work(built: Settings, tmp_path: Path) -> None:
    """A run killed after swapping in the copy and before exporting left stale Parquet for good."""
    write_batch_table(tmp_path / "b", "documents", [])
    (built.parquet_dir / STAMP_FILE).write_text("an older copy", encoding="utf-8")
    assert has_new_work(tmp_path / "b", built)
