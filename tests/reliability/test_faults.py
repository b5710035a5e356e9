"""Faults at the library level: a kill -9 at the worst moment of a load or a publish, one
document whose NLP blows up, and Airflow retrying tasks. Nothing is lost or half-written.

The kills are exact without a fault hook in production code: a child Python process patches the
function that runs at the fatal moment (``_record_batch``, the last statement before COMMIT;
``Path.replace``, the atomic swap) to SIGKILL its own process, then runs the real library code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from newsetl import pipeline
from newsetl.cli import _settings_for
from newsetl.load import load_batch
from newsetl.publish import export_parquet, publish_copy
from newsetl.settings import Settings
from tests.conftest import PROJECT_ROOT, SAMPLE_CORPUS
from tests.reliability.figures import count
from tests.reliability.warehouse_state import content

STARTED = datetime(2026, 1, 1)
SIGKILL_EXIT = -9
FAILING_MARKER = "Idlib"  # a name that occurs in one sample article only


def run_killed(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter that is expected to SIGKILL itself mid-operation."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                            timeout=300, cwd=PROJECT_ROOT, check=False)
    assert result.returncode == SIGKILL_EXIT, result.stderr
    count("faults_injected")
    return result


def kill_load_before_commit(batch_dir: Path, warehouse: Path) -> None:
    """``load_batch`` dies after its deletes and inserts, before COMMIT: the worst moment."""
    run_killed(f"""
        import os, signal
        from datetime import datetime
        from pathlib import Path
        from newsetl.load import warehouse
        warehouse._record_batch = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
        warehouse.load_batch(Path({str(batch_dir)!r}), Path({str(warehouse)!r}), batch_id="b",
                             started_at=datetime(2026, 1, 1))
    """)


def make_inbox(root: Path, names: list[str]) -> Path:
    inbox = root / "inbox"
    inbox.mkdir()
    for name in names:
        shutil.copy(SAMPLE_CORPUS / name, inbox / name)
    (inbox / "empty.txt").write_bytes(b"")
    return inbox


def stage_and_extract(inbox: Path, settings: Settings, batch_id: str = "b") -> Path:
    batch_dir = settings.staging_dir / batch_id
    pipeline.process_batch(inbox, batch_dir, batch_id=batch_id, settings=settings)
    return batch_dir


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A staged and extracted batch of three sample articles and one empty file."""
    root = tmp_path_factory.mktemp("batch")
    names = sorted(p.name for p in SAMPLE_CORPUS.iterdir())[:3]
    settings = _settings_for(root / "scratch" / "warehouse.duckdb")
    return stage_and_extract(make_inbox(root, names), settings)


@pytest.fixture(scope="module")
def clean_load(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The batch loaded once, undisturbed: what every recovery must end up equal to."""
    warehouse = tmp_path_factory.mktemp("clean") / "warehouse.duckdb"
    load_batch(batch, warehouse, batch_id="b", started_at=STARTED)
    return warehouse


def test_a_load_killed_before_commit_leaves_no_row_of_the_batch(batch: Path, tmp_path: Path) -> None:
    """DuckDB rolls back the killed transaction from its WAL on the next open: all or nothing."""
    warehouse = tmp_path / "warehouse.duckdb"
    kill_load_before_commit(batch, warehouse)
    raw = content(warehouse, ("raw",))
    assert raw and all(rows == [] for rows in raw.values())
    count("faults_survived")


def test_a_reload_killed_after_its_deletes_keeps_every_row(batch: Path, clean_load: Path, tmp_path: Path) -> None:
    """Replace-by-key deletes a batch's rows before inserting them again; a kill in between must
    not lose the deleted rows (an Airflow retry killed by the OOM killer)."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(clean_load, warehouse)
    kill_load_before_commit(batch, warehouse)
    assert content(warehouse) == content(clean_load)
    count("faults_survived")


def test_the_load_after_a_killed_load_equals_a_clean_load(batch: Path, clean_load: Path, tmp_path: Path) -> None:
    """The retry after the kill completes and the tables hold exactly one copy of the batch."""
    warehouse = tmp_path / "warehouse.duckdb"
    kill_load_before_commit(batch, warehouse)
    load_batch(batch, warehouse, batch_id="b", started_at=STARTED)
    assert content(warehouse) == content(clean_load)
    count("faults_survived")


@pytest.fixture
def marts_warehouse(clean_load: Path, tmp_path: Path) -> Path:
    """A warehouse with a stand-in ``marts`` schema (dbt is too slow for a unit-level test)."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(clean_load, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct_articles as select *, null::timestamp as published_at from raw.articles")
    return warehouse


def add_article_row(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into marts.fct_articles select * replace ('new' as article_id) "
                    "from marts.fct_articles limit 1")


def published_count(published: Path) -> int:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute("select count(*) from marts.fct_articles").fetchone()[0]


def kill_publish_before_swap(warehouse: Path, published: Path) -> None:
    """``publish_copy`` dies with the new copy written and not yet renamed over the old one."""
    run_killed(f"""
        import os, signal
        from pathlib import Path
        from newsetl.publish import publish_copy
        Path.replace = lambda self, target: os.kill(os.getpid(), signal.SIGKILL)
        publish_copy(Path({str(warehouse)!r}), Path({str(published)!r}))
    """)


def killed_publish(marts_warehouse: Path) -> tuple[Path, int]:
    """Publish once, add a row, then kill the next publish before its swap.

    Returns the published file and its article count from the completed publish.
    """
    published = marts_warehouse.parent / "published" / "warehouse.duckdb"
    publish_copy(marts_warehouse, published)
    before = published_count(published)
    add_article_row(marts_warehouse)
    kill_publish_before_swap(marts_warehouse, published)
    return published, before


def test_a_publish_killed_before_its_swap_leaves_the_old_copy_readable(marts_warehouse: Path) -> None:
    """Analysts keep the last complete state when the publisher dies mid-copy."""
    published, before = killed_publish(marts_warehouse)
    assert published_count(published) == before
    count("faults_survived")


def test_the_next_publish_swaps_in_the_new_state_and_removes_the_dead_partial(marts_warehouse: Path) -> None:
    """The killed publisher's ``.partial`` file is cleaned up, not left to pile up per crash."""
    published, before = killed_publish(marts_warehouse)
    assert list(published.parent.glob(".*.partial*"))
    publish_copy(marts_warehouse, published)
    assert published_count(published) == before + 1
    assert not list(published.parent.glob(".*.partial*"))
    count("faults_survived")


def test_an_export_killed_between_its_two_renames_is_repaired_by_the_next(marts_warehouse: Path) -> None:
    """Killed after moving the old export aside and before moving the new one in, the Parquet
    folder is missing; the next export restores and replaces it."""
    parquet = marts_warehouse.parent / "published" / "parquet"
    export_parquet(marts_warehouse, parquet)
    run_killed(f"""
        import os, signal
        from pathlib import Path
        from newsetl.publish import export_parquet
        parquet = Path({str(parquet)!r})
        real_replace = Path.replace
        def replace(self, target):
            if Path(target) == parquet:
                os.kill(os.getpid(), signal.SIGKILL)
            return real_replace(self, target)
        Path.replace = replace
        export_parquet(Path({str(marts_warehouse)!r}), parquet)
    """)
    assert not parquet.exists()
    export_parquet(marts_warehouse, parquet)
    assert list(parquet.glob("fct_articles/*/*.parquet"))
    assert not parquet.with_name("parquet.old").exists() and not parquet.with_name("parquet.partial").exists()
    count("faults_survived")


@pytest.fixture(scope="module")
def one_failed_extraction(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three articles loaded, the one naming ``FAILING_MARKER`` with an NLP step that raises."""
    from newsetl.extract import quotes

    root = tmp_path_factory.mktemp("nlp_failure")
    names = sorted(p.name for p in SAMPLE_CORPUS.iterdir())
    settings = _settings_for(root / "warehouse.duckdb")
    inbox = make_inbox(root, names)
    real_find_quotes = quotes.find_quotes

    def find_quotes(doc, **kwargs):  # noqa: ANN001, ANN202 - same signature as the real one
        if FAILING_MARKER in doc.text:
            raise RuntimeError("simulated parser crash")
        return real_find_quotes(doc, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quotes, "find_quotes", find_quotes)
        batch_dir = stage_and_extract(inbox, settings)
    load_batch(batch_dir, settings.warehouse, batch_id="b", started_at=STARTED)
    count("faults_injected")
    return settings.warehouse


def extraction_rows(warehouse: Path) -> list[tuple[str, str, str | None, int]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select a.clean_text, a.extraction_status, a.extraction_error, "
            "(select count(*) from raw.quotes q where q.article_id = a.article_id) "
            "from raw.articles a order by a.article_id").fetchall()


def test_the_failing_article_is_loaded_as_failed_with_its_reason(one_failed_extraction: Path) -> None:
    """The failure is data an analyst can query (fct_articles carries the status through)."""
    failed = [(status, error) for text, status, error, _ in extraction_rows(one_failed_extraction)
              if FAILING_MARKER in text]
    assert failed == [("failed", "RuntimeError: simulated parser crash")]


def test_the_other_articles_of_the_batch_load_with_their_quotes(one_failed_extraction: Path) -> None:
    """One document's NLP error never costs the batch: every other article is ok and quoted."""
    others = [(status, quotes) for text, status, _, quotes in extraction_rows(one_failed_extraction)
              if FAILING_MARKER not in text]
    assert len(others) >= 4
    assert all(status == "ok" for status, _ in others)
    assert sum(quotes for _, quotes in others) > 0
    count("faults_survived")


def run_steps(inbox: Path, settings: Settings, repeats: int) -> None:
    """Plan, each shard's clean and extract, and load on one batch folder (one document per
    shard), each task run ``repeats`` times in a row."""
    batch_dir = settings.staging_dir / "run-1"
    for _ in range(repeats):
        shards = pipeline.plan_batch(inbox, batch_dir, batch_id="run-1", settings=settings, shard_size=1)["shards"]
    for shard in shards:
        for _ in range(repeats):
            pipeline.process_shard(shard, settings=settings)
    for _ in range(repeats):
        load_batch(batch_dir, settings.warehouse, batch_id="run-1", started_at=STARTED)


@pytest.fixture(scope="module")
def retry_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_inbox(tmp_path_factory.mktemp("retry"), sorted(p.name for p in SAMPLE_CORPUS.iterdir())[:2])


def test_every_task_retried_gives_the_same_warehouse_as_one_pass(retry_inbox: Path, tmp_path: Path) -> None:
    """Airflow retries a task after a worker dies: plan, each shard and load twice each, same tables."""
    once = _settings_for(tmp_path / "once" / "warehouse.duckdb")
    twice = _settings_for(tmp_path / "twice" / "warehouse.duckdb")
    run_steps(retry_inbox, once, repeats=1)
    run_steps(retry_inbox, twice, repeats=2)
    assert content(twice.warehouse) == content(once.warehouse)


def test_rerunning_a_finished_dag_run_changes_no_row(retry_inbox: Path, tmp_path: Path) -> None:
    """Clearing a whole finished DAG run reruns every step on the same batch folder: no row changes
    (raw and audit content; ``audit.load_batches`` is bookkeeping and records the rerun)."""
    settings = _settings_for(tmp_path / "warehouse.duckdb")
    run_steps(retry_inbox, settings, repeats=1)
    before = content(settings.warehouse)
    run_steps(retry_inbox, settings, repeats=1)
    assert content(settings.warehouse) == before


def test_a_batch_loaded_by_a_run_killed_before_publish_is_not_skipped_by_the_next_run(tmp_path: Path) -> None:
    """The next run on the same inbox must still build and publish what the killed run loaded."""
    names = sorted(p.name for p in SAMPLE_CORPUS.iterdir())
    inbox = make_inbox(tmp_path, names[:2])
    settings = _settings_for(tmp_path / "warehouse.duckdb")
    for batch_id in ("published-run", "killed-run"):
        batch_dir = stage_and_extract(inbox, settings, batch_id)
        load_batch(batch_dir, settings.warehouse, batch_id=batch_id, started_at=STARTED)
        if batch_id == "published-run":  # a complete run: marts built and published
            with duckdb.connect(str(settings.warehouse)) as con:
                con.execute("create schema marts")
                con.execute("create table marts.fct_articles as select * from raw.articles")
            publish_copy(settings.warehouse, settings.published)
            shutil.copy(SAMPLE_CORPUS / names[2], inbox / names[2])  # then a new article arrives
    # the "killed-run" loaded it and died in dbt build: the next run stages nothing new
    next_batch = stage_and_extract(inbox, settings, "next-run")
    count("faults_injected")
    assert pipeline.has_new_work(next_batch, settings)
    count("faults_survived")
