"""Statements and stories on the sample corpus (five outlets reporting the Moscow talks on
Libya) plus three wire copies of one of its articles, through ``newsetl run``."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE_CORPUS

# One worker for both modules of the syndicated run (a session fixture: tests/similar/conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("syndicated")]


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_lavrovs_certain_progress_statement_clusters_its_reports(syndicated: Path) -> None:
    rows = query(syndicated, """
        select regexp_extract(a.source_uri, '[^/]+$'), q.quote_text
        from marts.fct_quotes q join marts.fct_articles a using (article_id)
        where q.quote_cluster_id = (select quote_cluster_id from marts.fct_quotes
                                    where quote_text = 'Today we can report that certain progress has been made')
    """)
    files = {name for name, _ in rows}
    assert {"000_acba18e3018f1a20.txt", "001_e33607d04fb48396.txt", "002_553a2b73d65cfc00.txt",
            "003_3e8ac880aaabf220.txt"} <= files
    assert {"Some progress has been achieved", "Today we can report progress was made"} <= {text for _, text in rows}


def test_the_cluster_mart_counts_reports_articles_and_outlets(syndicated: Path) -> None:
    [(reports, articles, originals, outlets, text)] = query(syndicated, """
        select c.report_count, c.article_count, c.original_article_count, c.outlet_count, c.representative_text
        from marts.dim_quote_clusters c join marts.dim_actors a using (actor_id)
        where a.canonical_name = 'Sergey Lavrov' and c.representative_text like 'Today we can report%'
    """)
    # four seed articles, and the wire copies of 001, which carry its report
    assert (reports, articles, originals) == (7, 7, 4)
    assert outlets == 7  # each seed file is its own outlet (no source given), plus three wires
    assert text == "Today we can report that certain progress has been made"


def test_statements_are_fewer_than_reports(syndicated: Path) -> None:
    [(quotes, clusters)] = query(syndicated, "select count(*), count(distinct quote_cluster_id) from marts.fct_quotes")
    assert clusters < quotes
    assert query(syndicated, "select count(*) from marts.dim_quote_clusters") == [(clusters,)]


def test_the_five_sample_articles_are_one_story(syndicated: Path) -> None:
    stories = query(syndicated, """
        select distinct story_id from marts.fct_articles
        where regexp_extract(source_uri, '[^/]+$') in (select unnest(?::varchar[]))
    """.replace("?", "[" + ", ".join(f"'{p.name}'" for p in SAMPLE_CORPUS.iterdir()) + "]"))
    assert len(stories) == 1
    [(label, articles, first, last)] = query(syndicated, f"""
        select label, article_count, first_published_at, last_published_at from marts.dim_stories
        where story_id = '{stories[0][0]}'
    """)
    assert articles == 11  # eight sample articles (one page holds four) and the three wire copies
    assert label in {title for (title,) in query(syndicated, "select title from marts.fct_articles")}
    assert first <= last


def test_every_article_has_a_story(syndicated: Path) -> None:
    assert query(syndicated, "select count(*) from marts.fct_articles where story_id is null") == [(0,)]
