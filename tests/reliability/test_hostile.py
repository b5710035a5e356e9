"""Hostile inputs and faults through the real ``newsetl run``: the run goes on, nothing is lost.

One inbox holds what an unlucky newsroom sends, next to the sample corpus: a file whose name is
not UTF-8, a subfolder nobody may list, a JSON-lines feed whose one huge line is over the size
limit (the feed itself is too), a JSON line whose text holds a NUL, and feed ids. Then the same
warehouse goes through the fixes and faults of the issue "No input, row or crash blocks the
warehouse": the folder made readable, a kill between the swap of the published copy and the
Parquet export, a half-truncated warehouse, a dbt test that still fails, a second writer, and a
``kill -9`` of the CLI while its ``dbt build`` runs. Each test asserts the bad input's audit
row (or the clear message) and that every good document landed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psutil
import pytest

from newsetl.load import writer_lock
from newsetl.publish import export_parquet, export_stamp, publish_copy, published_stamp
from tests.conftest import SAMPLE_CORPUS
from tests.reliability.cli_runs import NEWSETL, dbt_running, lock_held, start_run
from tests.reliability.figures import count

pytestmark = pytest.mark.e2e
MAX_BYTES = 20_000
# Root reads any folder whatever its mode: drop that power for the runs that meet a locked folder.
AS_ORDINARY_USER = (["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                     "--inh-caps=-dac_override,-dac_read_search"] if os.geteuid() == 0 else [])
BAD_NAME = os.fsdecode(b"r\xe9sum\xe9.pdf")
HARBOUR = ("Harbour ferry terminal to open in spring\n\nThe harbour authority said on Tuesday that the new "
           "ferry terminal would open in the spring, two years after work began on the quay. \"We are "
           "nearly there,\" the authority's director, Miriam Oduya, told reporters at the site.\n")
FEED_LINES = [
    {"id": "feed-001", "title": "Council backs night buses", "source": "Wire",
     "text": "The city council voted on Monday to keep the night buses running through the winter, "
             "its transport chair, Tomas Reyes, said. \"People rely on them,\" Reyes said."},
    {"id": "feed-002", "text": "Filler. " * 4000},  # one line of 32 kB, over the 20 kB limit
    {"id": 42, "title": "Library extends its hours",
     "text": "The central library will open until nine on weekdays from March, librarian Ana Sousa "
             "said on Thursday, after a survey of readers asked for later hours."},
    {"id": "feed-004", "text": "A line with a NUL \u0000 in its text, which no article holds."},
]


@dataclass
class Finished:
    """One completed ``newsetl run``: exit status and everything it printed."""

    code: int
    output: str


def run_cli(inbox: Path, warehouse: Path, env: dict[str, str], *, prefix: list[str] | None = None) -> Finished:
    command = [*(prefix or []), str(NEWSETL), "run", "--inbox", str(inbox), "--warehouse", str(warehouse)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
    return Finished(result.returncode, result.stdout + result.stderr)


def rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def rejections(database: Path) -> dict[str, str]:
    return dict(rows(database, "select source_uri, reason from audit.rejected_inputs"))


def documents(database: Path) -> dict[str, str | None]:
    return dict(rows(database, "select source_uri, external_id from raw.documents"))


@dataclass
class Site:
    inbox: Path
    warehouse: Path
    published: Path
    env: dict[str, str]
    first: Finished


@pytest.fixture(scope="module")
def site(cli_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("hostile")
    inbox = root / "inbox"
    shutil.copytree(SAMPLE_CORPUS, inbox)
    (inbox / BAD_NAME).write_bytes(b"%PDF-1.4 not a news text")
    (inbox / "locked").mkdir()
    (inbox / "locked" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (inbox / "locked").chmod(0)
    (inbox / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in FEED_LINES) + "\n", encoding="utf-8")
    env = {**cli_env, "NEWSETL_MAX_INPUT_BYTES": str(MAX_BYTES)}
    warehouse = root / "warehouse.duckdb"
    first = run_cli(inbox, warehouse, env, prefix=AS_ORDINARY_USER)
    yield Site(inbox, warehouse, root / "published" / "warehouse.duckdb", env, first)
    (inbox / "locked").chmod(0o755)  # let pytest clean up


def test_the_hostile_run_completes_and_publishes(site: Site) -> None:
    assert site.first.code == 0, site.first.output
    assert "Traceback" not in site.first.output
    count("faults_survived")


def test_a_file_name_that_is_not_utf8_is_audited_and_the_rest_loads(site: Site) -> None:
    """It crashed every run in the Parquet writer (surrogates not allowed) and loaded nothing."""
    rejected = rejections(site.warehouse)
    assert rejected[str(site.inbox / "r\\xe9sum\\xe9.pdf")] == "undecodable_name"
    loaded = documents(site.warehouse)
    assert all(str(site.inbox / f.name) in loaded for f in SAMPLE_CORPUS.iterdir())


def test_an_unreadable_folder_is_audited(site: Site) -> None:
    """``rglob`` skipped it without a word: its files vanished from every count."""
    assert rejections(site.warehouse)[str(site.inbox / "locked")] == "unreadable"


def test_the_size_limit_applies_to_each_feed_line_not_the_feed(site: Site) -> None:
    """One line over the limit used to reject its good neighbours with it."""
    feed = site.inbox / "feed.jsonl"
    assert feed.stat().st_size > MAX_BYTES
    assert rejections(site.warehouse)[f"{feed}#L2"] == "too_large"
    loaded = documents(site.warehouse)
    assert loaded[f"{feed}#L1"] == "feed-001" and loaded[f"{feed}#L3"] == "42"  # the feed's ids are kept


def test_a_nul_in_json_text_is_rejected_like_one_in_a_txt(site: Site) -> None:
    assert rejections(site.warehouse)[f"{site.inbox / 'feed.jsonl'}#L4"] == "binary"
    assert rows(site.published, "select count(*) from marts.fct_articles where contains(clean_text, chr(0))") == [(0,)]


def test_every_input_is_loaded_or_rejected(site: Site) -> None:
    listed = {str(p) for p in site.inbox.rglob("*") if p.is_file() and p.suffix != ".jsonl" and "locked" not in p.parts}
    listed |= {f"{site.inbox / 'feed.jsonl'}#L{n}" for n in range(1, len(FEED_LINES) + 1)}
    accounted = set(documents(site.warehouse)) | set(rejections(site.warehouse))
    printable = {os.fsencode(uri).decode("utf-8", "backslashreplace") for uri in listed}
    assert printable <= accounted
    count("documents_lost", len(printable - accounted))


def test_the_published_file_is_read_only_and_staging_is_cleaned(site: Site) -> None:
    assert site.published.stat().st_mode & 0o222 == 0
    assert not [p for p in (site.warehouse.parent / "staging").iterdir() if p.is_dir()]


@pytest.fixture(scope="module")
def fixed(site: Site) -> tuple[Finished, Finished, Path]:
    """The folder made readable; then the state a kill between swap and export leaves."""
    parquet = site.published.parent / "parquet"
    before = site.warehouse.parent / "parquet-before"
    shutil.copytree(parquet, before)
    (site.inbox / "locked").chmod(0o755)
    second = run_cli(site.inbox, site.warehouse, site.env, prefix=AS_ORDINARY_USER)
    # As a kill right after the swap leaves it: the new copy, the old exports.
    shutil.rmtree(parquet)
    shutil.copytree(before, parquet)
    third = run_cli(site.inbox, site.warehouse, site.env, prefix=AS_ORDINARY_USER)
    return second, third, parquet


def test_a_fixed_folder_loads_and_its_stale_audit_row_goes(site: Site, fixed: tuple[Finished, Finished, Path]) -> None:
    second, _, _ = fixed
    assert second.code == 0, second.output
    assert str(site.inbox / "locked") not in rejections(site.published)
    assert str(site.inbox / "locked" / "harbour.txt") in documents(site.warehouse)


def test_parquet_behind_the_published_copy_is_repaired(site: Site, fixed: tuple[Finished, Finished, Path]) -> None:
    _, third, parquet = fixed
    assert third.code == 0, third.output
    assert export_stamp(parquet) == published_stamp(site.published)
    exported = rows(site.published, f"select count(*) from read_parquet('{parquet}/fct_articles/*/*.parquet')")
    assert exported == rows(site.published, "select count(*) from marts.fct_articles")
    count("faults_survived")


def test_a_half_truncated_warehouse_is_a_clear_error(site: Site, tmp_path: Path) -> None:
    """It passed for a locked file, and the run went on against the published copy."""
    damaged = tmp_path / "warehouse.duckdb"
    shutil.copy(site.warehouse, damaged)
    with open(damaged, "r+b") as handle:
        handle.truncate(damaged.stat().st_size // 2)
    result = run_cli(site.inbox, damaged, site.env)
    assert result.code == 2
    assert "cannot be read" in result.output and "truncated" in result.output
    assert "Traceback" not in result.output


def test_a_failing_dbt_test_stops_publication_and_names_test_and_rows(site: Site, tmp_path: Path) -> None:
    """A row that reached raw.* outside the extraction stage's checks: the build says which."""
    copy = tmp_path / "site"
    shutil.copytree(site.warehouse.parent, copy, ignore=shutil.ignore_patterns("parquet-before"))
    warehouse, published = copy / "warehouse.duckdb", copy / "published" / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        article = con.execute("select min(article_id) from raw.articles").fetchone()[0]
        con.execute("insert into raw.quotes (quote_id, article_id, quote_text, quote_type, start_char, end_char, "
                    "sentence_index) values ('bad:q9-3', ?, '', 'indirect', 9, 3, 0)", [article])
    (site.inbox / "late.txt").write_text(HARBOUR.replace("Tuesday", "Friday"), encoding="utf-8")
    try:
        result = run_cli(site.inbox, warehouse, site.env, prefix=AS_ORDINARY_USER)
    finally:
        (site.inbox / "late.txt").unlink()
    assert result.code == 1, result.output
    assert "PUBLICATION STOPPED" in result.output and "bad:q9-3" in result.output
    assert "fct_quotes" in result.output and "Traceback" not in result.output
    published_uris = {uri for (uri,) in rows(published, "select source_uri from marts.fct_articles")}
    assert str(site.inbox / "late.txt") not in published_uris


def test_a_second_writer_gets_a_clear_message_after_the_wait(site: Site) -> None:
    env = {**site.env, "NEWSETL_LOCK_WAIT_S": "2"}
    with writer_lock(site.warehouse, timeout_s=5):
        result = run_cli(site.inbox, site.warehouse, env)
    assert result.code == 3
    assert "another writer" in result.output and f"pid {os.getpid()}" in result.output
    assert "Traceback" not in result.output


def test_kill_9_of_the_cli_takes_its_dbt_child_with_it(site: Site, tmp_path: Path) -> None:
    """The dbt child used to run on after the CLI died, writing without the lock."""
    (site.inbox / "killed.txt").write_text(HARBOUR.replace("Tuesday", "Sunday"), encoding="utf-8")
    try:
        run = start_run(site.inbox, site.warehouse, site.env, tmp_path / "run.log")
        deadline = time.monotonic() + 600
        while run.process.poll() is None and time.monotonic() < deadline and not dbt_running(run):
            time.sleep(0.05)
        children = psutil.Process(run.process.pid).children(recursive=True)
        assert children, run.output()
        os.kill(run.process.pid, signal.SIGKILL)  # the CLI alone, not its process group
        run.process.wait(timeout=60)
        _, alive = psutil.wait_procs(children, timeout=20)
        assert not alive, [p.cmdline() for p in alive]
        assert not lock_held(site.warehouse)
        count("faults_injected")
        count("faults_survived")
    finally:
        (site.inbox / "killed.txt").unlink()


def test_publish_quotes_paths_with_an_apostrophe(site: Site, tmp_path: Path) -> None:
    """``publish/copy.py`` built its SQL with f-strings: a ``'`` in the path failed at publish."""
    folder = tmp_path / "o'brien's data"
    folder.mkdir()
    warehouse = folder / "warehouse.duckdb"
    shutil.copy(site.warehouse, warehouse)
    published = publish_copy(warehouse, folder / "published" / "warehouse.duckdb")
    files = export_parquet(warehouse, folder / "published" / "parquet", stamp=published_stamp(published))
    articles = "select count(*) from marts.fct_articles"
    assert rows(published, articles) == rows(warehouse, articles)
    assert {f.name for f in files} >= {"fct_articles", "dim_actors.parquet"}
