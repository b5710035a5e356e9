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
from newsetl.settings import Settings, get_settings


@pytest.fixture
def built(tmp_path: Path) -> Settings:
    """A warehouse with marts and one recorded rejection, and a published copy beside it."""
    settings = dataclasses.replace(get_settings(), warehouse=tmp_path / "w.duckdb",
                                   published=tmp_path / "published" / "w.duckdb")
    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("create schema marts; create table marts.fct_articles (article_id varchar)")
        con.execute("create schema audit; create table audit.rejected_inputs (source_uri varchar, reason varchar)")
        con.execute("insert into audit.rejected_inputs values ('/inbox/empty.txt', 'empty')")
    settings.published.parent.mkdir()
    settings.published.touch()
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
