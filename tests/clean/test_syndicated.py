"""Syndicated copies of one story never eat each other, whatever the batches (issue #14).

The same wire story arrives three times under one source: the original ``.txt``, a copy with one
extra closing line, and a JSON line with one more paragraph. Every line of the story then repeats
across three documents; counting documents made all of them boilerplate, so the original was
rejected and the copies kept one line each, and a rerun changed the article count. Lines count as
a source's furniture only across different stories, and the articles depend on the set of
documents, not on the batches they came in or their order.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsetl.cli import main
from newsetl.load import load_batch
from newsetl.pipeline import plan_batch, process_shard, utc_now
from newsetl.settings import Settings, get_settings
from tests.conftest import SAMPLE_CORPUS

pytestmark = pytest.mark.e2e

STORY = SAMPLE_CORPUS / "002_553a2b73d65cfc00.txt"
EXTRA_LINE = "Our correspondents in Moscow and Ankara contributed to this report."
EXTRA_PARAGRAPH = ("Officials in Ankara said further contacts between the two delegations were expected "
                   "later in the week, though no date had been set.")
# A line a site prints under every story: furniture, and found as such in any batch order.
FURNITURE = "Stories on this page are republished from our partner agencies under licence."


def story_parts() -> tuple[str, str]:
    headline, _, body = STORY.read_text(encoding="utf-8").partition("\n")
    return headline.strip(), body.strip()


def body_paragraphs() -> list[str]:
    return [p.strip() for p in story_parts()[1].split("\n") if p.strip()]


def syndicated_files() -> dict[str, str]:
    """File name -> content: the three copies of the story."""
    headline, body = story_parts()
    original = STORY.read_text(encoding="utf-8")
    feed = json.dumps({"id": "wire-1", "title": headline, "text": f"{body}\n\n{EXTRA_PARAGRAPH}"})
    return {"original.txt": original, "copy_with_credit.txt": f"{original.rstrip()}\n\n{EXTRA_LINE}\n",
            "feed.jsonl": feed + "\n"}


def other_stories() -> dict[str, str]:
    """Three different stories of the same source, each ending with the site's furniture line."""
    names = ["000_acba18e3018f1a20.txt", "003_3e8ac880aaabf220.txt", "004_f3043e5b9a26bbe3.txt"]
    return {f"story_{name}": (SAMPLE_CORPUS / name).read_text(encoding="utf-8").rstrip() + f"\n\n{FURNITURE}\n"
            for name in names}


ALL_FILES = {**syndicated_files(), **other_stories()}


@pytest.fixture(scope="module")
def syndicated_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """``newsetl run`` on the three copies and two more stories, twice; returns warehouse, first counts."""
    root = tmp_path_factory.mktemp("syndicated")
    inbox = root / "inbox"
    inbox.mkdir()
    for name, content in {**syndicated_files(), "004.txt": (SAMPLE_CORPUS / "004_f3043e5b9a26bbe3.txt")
                          .read_text(encoding="utf-8")}.items():
        (inbox / name).write_text(content, encoding="utf-8")
    warehouse = root / "warehouse.duckdb"
    assert main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)]) == 0
    first = article_rows(warehouse)
    assert main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)]) == 0
    return warehouse, first


def article_rows(warehouse: Path) -> dict[str, tuple]:
    """Input file name -> (article id, title, clean_text, duplicate_of_article_id) of fct_articles."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select regexp_extract(source_uri, '[^/]+$'), article_id, title, clean_text, "
                           "duplicate_of_article_id from marts.fct_articles where source_part = 0").fetchall()
    return {name: tuple(rest) for name, *rest in rows}


def test_every_copy_is_kept_whole(syndicated_run) -> None:
    warehouse, _ = syndicated_run
    articles = article_rows(warehouse)
    copies = {name: articles[name] for name in ("original.txt", "copy_with_credit.txt", "feed.jsonl#L1")}
    for _, title, text, _ in copies.values():
        assert title == story_parts()[0]
        assert all(paragraph in text for paragraph in body_paragraphs())
    assert EXTRA_LINE in copies["copy_with_credit.txt"][2]
    assert EXTRA_PARAGRAPH in copies["feed.jsonl#L1"][2]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from audit.boilerplate_removed where rule = 'repeated_in_source'"
                           ).fetchone()[0] == 0


def test_the_copies_are_flagged_as_duplicates_of_one_of_them(syndicated_run) -> None:
    warehouse, _ = syndicated_run
    articles = article_rows(warehouse)
    copies = [articles[name] for name in ("original.txt", "copy_with_credit.txt", "feed.jsonl#L1")]
    originals = [article_id for article_id, *_, duplicate_of in copies if duplicate_of is None]
    assert len(originals) == 1
    assert sorted(duplicate_of for *_, duplicate_of in copies if duplicate_of) == originals * 2
    assert articles["004.txt"][3] is None


def test_a_second_run_adds_and_changes_nothing(syndicated_run) -> None:
    warehouse, first = syndicated_run
    assert article_rows(warehouse) == first


# --- the same documents in any batches and any order give the same articles -----------------

def pipeline_settings(root: Path) -> Settings:
    """No NLP (no extraction language): the property is about cleaning, and stays fast."""
    return dataclasses.replace(get_settings(), warehouse=root / "warehouse.duckdb", staging_dir=root / "staging",
                               published=root / "published.duckdb", extract_languages=())


def run_batches(root: Path, batches: list[list[str]]) -> dict[str, list[tuple]]:
    """Each batch's files added to one inbox, then stage, clean and load; returns the tables."""
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    settings = pipeline_settings(root)
    for number, batch in enumerate(batches):
        for name in batch:
            (inbox / name).write_text(ALL_FILES[name], encoding="utf-8")
        batch_dir = settings.staging_dir / f"batch-{number}"
        plan = plan_batch(inbox, batch_dir, batch_id=f"b{number}", settings=settings, shard_size=2)
        for shard in plan["shards"]:
            process_shard(shard, settings=settings)
        load_batch(batch_dir, settings.warehouse, batch_id=f"b{number}", started_at=utc_now())
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return {
            "articles": sorted(con.execute("select article_id, title, clean_text from raw.articles").fetchall()),
            "removed": sorted(con.execute("select article_id, line_no, text, rule "
                                          "from audit.boilerplate_removed").fetchall()),
            "documents": sorted(con.execute("select document_id from raw.documents").fetchall()),
        }


@pytest.fixture(scope="module")
def one_batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    return run_batches(tmp_path_factory.mktemp("one_batch"), [sorted(ALL_FILES)])


def test_one_batch_keeps_the_copies_and_removes_the_furniture(one_batch) -> None:
    assert len(one_batch["documents"]) == len(ALL_FILES)
    removed = [(text, rule) for _, _, text, rule in one_batch["removed"] if rule == "repeated_in_source"]
    assert removed == [(FURNITURE, "repeated_in_source")] * 3


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(sorted(ALL_FILES)), cuts=st.sets(st.integers(1, len(ALL_FILES) - 1), max_size=3))
def test_any_batches_in_any_order_give_the_same_articles(one_batch, order: list[str], cuts: set[int]) -> None:
    bounds = [0, *sorted(cuts), len(order)]
    batches = [order[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    with tempfile.TemporaryDirectory() as scratch:
        assert run_batches(Path(scratch), batches) == one_batch
        shutil.rmtree(scratch, ignore_errors=True)
