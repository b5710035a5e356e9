"""The incremental fact marts equal a full refresh row for row (``incremental_facts`` in the marts docs).

The ``syndicated`` warehouse is built in two batches (the sample corpus, then three wire copies
that become duplicates and join its story), so its marts are already incremental once. Here an
article is then re-cleaned and another one disappears, as a later load does (#14), and one more
incremental run must give what ``--full-refresh`` gives on the same raw tables.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from newsetl.load import mart_differences, run_dbt
from tests.conftest import PROJECT_ROOT

DBT_PROJECT = PROJECT_ROOT / "dbt_project"
# The intermediate models built incrementally, compared like the marts.
INCREMENTAL_INTERMEDIATES = (
    "int_article_pairs_linked", "int_articles_joined_to_documents", "int_mentions_resolved_to_actors",
    "int_quotes_attributed_to_actors")
RAW_BY_ARTICLE = ("raw.quotes", "raw.mentions", "raw.article_blocks", "raw.article_signatures", "raw.articles")


def reclean_and_drop(warehouse: Path) -> tuple[str, str]:
    """Re-clean the first sample article in a later batch, and drop a wire copy; returns both ids."""
    with duckdb.connect(str(warehouse)) as con:
        recleaned, dropped = con.execute(
            "select (select min(article_id) from marts.fct_articles where not is_duplicate), "
            "(select max(article_id) from marts.fct_articles where is_duplicate)").fetchone()
        con.execute("update raw.articles set batch_id = 'reclean', language_confidence = 0.5 "
                    "where article_id = ?", [recleaned])
        con.execute("delete from raw.quote_cluster_members where quote_id in "
                    "(select quote_id from raw.quotes where article_id = ?)", [dropped])
        for table in RAW_BY_ARTICLE:
            con.execute(f"delete from {table} where article_id = ?", [dropped])
    return recleaned, dropped


@pytest.fixture(scope="module")
def incremental_and_full(syndicated: Path, tmp_path_factory: pytest.TempPathFactory,
                         ) -> tuple[Path, Path, str, str]:
    """The changed warehouse built incrementally, and a copy of it built with --full-refresh."""
    root = tmp_path_factory.mktemp("incremental")
    incremental, full = root / "incremental.duckdb", root / "full.duckdb"
    shutil.copyfile(syndicated, incremental)
    recleaned, dropped = reclean_and_drop(incremental)
    with pytest.MonkeyPatch.context() as patch:
        # dbt's target and logs in the scratch folder: the project's target holds the DAG's manifest.
        patch.setenv("DBT_TARGET_PATH", str(root / "target"))
        patch.setenv("DBT_LOG_PATH", str(root / "logs"))
        run_dbt(["run"], warehouse=incremental, project_dir=DBT_PROJECT)
        shutil.copyfile(incremental, full)
        run_dbt(["run", "--full-refresh"], warehouse=full, project_dir=DBT_PROJECT)
    return incremental, full, recleaned, dropped


def test_incremental_marts_equal_a_full_refresh_row_for_row(incremental_and_full) -> None:
    incremental, full, _, _ = incremental_and_full
    differences = mart_differences(incremental, full)
    assert "fct_quotes" in differences and "fct_article_blocks" in differences
    assert differences == dict.fromkeys(differences, 0)


def test_incremental_intermediates_equal_a_full_refresh_row_for_row(incremental_and_full) -> None:
    incremental, full, _, _ = incremental_and_full
    differences = mart_differences(incremental, full, schema="intermediate")
    assert {table: differences[table] for table in INCREMENTAL_INTERMEDIATES} == dict.fromkeys(
        INCREMENTAL_INTERMEDIATES, 0)


def test_the_recleaned_article_is_rebuilt_and_the_dropped_one_is_gone(incremental_and_full) -> None:
    incremental, _, recleaned, dropped = incremental_and_full
    with duckdb.connect(str(incremental), read_only=True) as con:
        assert con.execute("select batch_id, language_confidence from marts.fct_articles "
                           "where article_id = ?", [recleaned]).fetchone() == ("reclean", 0.5)
        for mart in ("fct_articles", "fct_quotes", "fct_mentions", "fct_article_blocks"):
            assert con.execute(f"select count(*) from marts.{mart} where article_id = ?", [dropped]).fetchone()[0] == 0
