"""Syndicated copies through the whole pipeline: flagged, kept, pointing at the original; and a
9 MB one-line article that no longer breaks the dbt build (issue 17, finding 1)."""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from newsetl.load import load_batch, write_batch_table
from newsetl.pipeline import build_marts
from newsetl.settings import get_settings
from tests.conftest import SAMPLE_CORPUS
from tests.similar.conftest import ORIGINAL
from tests.similar.test_minhash import edited, nine_megabytes_on_one_line

# One worker for both modules of the syndicated run (a session fixture: tests/similar/conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("syndicated")]


def flags(warehouse: Path) -> dict[str, tuple[str | None, str | None]]:
    """source file or feed line -> (source file of the article it duplicates, outlet)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("""
            select regexp_extract(a.source_uri, '[^/]+$'), regexp_extract(o.source_uri, '[^/]+$'), a.source_name
            from marts.fct_articles a left join marts.fct_articles o on o.article_id = a.duplicate_of_article_id
        """).fetchall()
    return {name: (original, outlet) for name, original, outlet in rows}


def test_wire_copies_under_other_headlines_and_outlets_point_at_the_original(syndicated: Path) -> None:
    found = flags(syndicated)
    assert {name: found[name][0] for name in found if name.startswith("wire.jsonl")} == {
        "wire.jsonl#L1": ORIGINAL.name, "wire.jsonl#L2": ORIGINAL.name, "wire.jsonl#L3": ORIGINAL.name}


def test_the_five_reports_of_one_story_stay_originals(syndicated: Path) -> None:
    found = flags(syndicated)
    assert {name for name in found if found[name][0] is None} == {p.name for p in SAMPLE_CORPUS.iterdir()}


def test_duplicates_stay_in_the_warehouse_with_their_quotes(syndicated: Path) -> None:
    with duckdb.connect(str(syndicated), read_only=True) as con:
        duplicates, quotes = con.execute("""
            select count(distinct a.article_id), count(q.quote_id)
            from marts.fct_articles a left join marts.fct_quotes q using (article_id) where a.is_duplicate
        """).fetchone()
    assert duplicates == 3 and quotes > 0


def test_a_nine_megabyte_one_line_article_builds_under_a_small_memory_limit(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Loaded and built with DuckDB held to 1 GB: the SQL shingle join asked for 64 GiB here.

    The article rows are written as the clean stage writes them (extraction is another stage,
    with its own long-text test), next to a short copy of a seed and its edited copy.
    """
    monkeypatch.setenv("NEWSETL_DUCKDB_MEMORY_LIMIT", "1GB")
    settings = dataclasses.replace(get_settings(), warehouse=tmp_path / "warehouse.duckdb")
    at = datetime(2026, 1, 14, 9, 0)
    text = ORIGINAL.read_text(encoding="utf-8").partition("\n\n")[2]
    bodies = {"long": nine_megabytes_on_one_line(), "seed": text, "copy": edited(text)}
    arrived = {"long": at, "seed": at, "copy": at.replace(hour=10)}
    batch = tmp_path / "batch"
    write_batch_table(batch, "documents", [
        {"document_id": name, "source_uri": f"/inbox/{name}.txt", "input_format": "txt", "encoding": "utf-8",
         "byte_count": len(body), "batch_id": "b", "ingested_at": arrived[name]} for name, body in bodies.items()])
    write_batch_table(batch, "articles", [
        {"article_id": f"{name}:0", "document_id": name, "source_part": 0, "title": None, "clean_text": body,
         "raw_char_count": len(body), "boilerplate_chars_removed": 0, "language": "en", "language_confidence": 0.99,
         "extraction_status": "skipped_language", "extraction_error": None, "batch_id": "b",
         "ingested_at": arrived[name]}
        for name, body in bodies.items()])
    started = time.perf_counter()
    load_batch(batch, settings.warehouse, batch_id="b", started_at=at)
    loaded = time.perf_counter()
    build_marts(settings)
    built = time.perf_counter()
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        found = dict(con.execute("select article_id, duplicate_of_article_id from marts.fct_articles").fetchall())
    assert found == {"long:0": None, "seed:0": None, "copy:0": "seed:0"}
    print(f"\n9 MiB article: load with signatures {loaded - started:.1f} s, dbt build {built - loaded:.1f} s "
          f"(memory_limit {os.environ['NEWSETL_DUCKDB_MEMORY_LIMIT']})")
