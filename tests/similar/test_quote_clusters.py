"""Statement clusters in the warehouse: built at load time, extended by each new batch (never
recomputed), the same whatever order the batches come in."""

from __future__ import annotations

import duckdb
import pytest

from newsetl.load.warehouse import SCHEMA_SQL
from newsetl.settings import get_settings
from newsetl.similar import index_quotes

# Lavrov's statement of 13 January as four seed articles report it, and another of his.
SEED_REPORTS = {
    "a1:q1": "Today we can report that certain progress has been made",
    "a2:q1": "Today we can report that some progress was made",
    "a3:q1": "Some progress has been achieved",
    "a4:q1": "Today we can report progress was made",
    "a2:q2": "the Libyan state was destroyed by NATO.",
}
# A later batch: a French report of the statement, a shorter excerpt, a new statement of his,
# and the same words from another speaker.
LATER_REPORTS = {
    "b1:q1": ("Aujourd’hui, nous pouvons annoncer que certains progrès ont été réalisés", "fr", "srg lvrv"),
    "b2:q1": ("certain progress has been made", "en", "srg lvrv"),
    "b2:q2": ("that Moscow will host another round of talks next month", "en", "lvrv"),
    "b3:q1": ("Today we can report that certain progress has been made", "en", "mvlt kvsgl"),
}


def warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    return con


def add_report(con: duckdb.DuckDBPyConnection, quote_id: str, text: str, language: str = "en",
               speaker_key: str = "srg lvrv") -> None:
    """One article, its quote and the speaker's mention, as the load stage writes them."""
    article_id = quote_id.split(":")[0]
    con.execute("""insert into raw.articles by name
        select ? as article_id, 'd' as document_id, 0 as source_part, ? as clean_text, 1 as raw_char_count,
            0 as boilerplate_chars_removed, ? as language, 1.0 as language_confidence, 'ok' as extraction_status,
            'b' as batch_id, now() as ingested_at
        where ? not in (select article_id from raw.articles)""", [article_id, text, language, article_id])
    con.execute("""insert into raw.mentions by name
        select ? as mention_id, ? as article_id, 'Lavrov' as mention_text, 'PERSON' as entity_label,
            'person' as actor_type, ? as name_key, ? as article_key, 'exact' as link_method, 0 as start_char,
            6 as end_char, 0 as sentence_index""", [quote_id + ":m", article_id, speaker_key, speaker_key])
    con.execute("""insert into raw.quotes by name
        select ? as quote_id, ? as article_id, ? as quote_text, 'direct' as quote_type, 'Lavrov' as speaker_text,
            ? as speaker_mention_id, 0 as start_char, ? as end_char, 0 as sentence_index""",
                [quote_id, article_id, text, quote_id + ":m", len(text)])


def clusters(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select quote_id, cluster_key from raw.quote_cluster_members").fetchall())


def load(con: duckdb.DuckDBPyConnection, reports: dict) -> int:
    for quote_id, report in reports.items():
        text, language, speaker = report if isinstance(report, tuple) else (report, "en", "srg lvrv")
        add_report(con, quote_id, text, language, speaker)
    return index_quotes(con, get_settings())


@pytest.fixture
def first_batch() -> duckdb.DuckDBPyConnection:
    con = warehouse()
    assert load(con, SEED_REPORTS) == 5
    return con


def test_four_reports_of_one_statement_form_one_cluster(first_batch) -> None:
    found = clusters(first_batch)
    assert {found[q] for q in ("a1:q1", "a2:q1", "a3:q1", "a4:q1")} == {"a1:q1"}
    assert found["a2:q2"] == "a2:q2"


def test_a_later_batch_joins_existing_clusters_without_moving_them(first_batch) -> None:
    before = clusters(first_batch)
    assert load(first_batch, LATER_REPORTS) == len(LATER_REPORTS)  # only the new quotes are compared
    after = clusters(first_batch)
    assert {q: after[q] for q in before} == before
    assert after["b1:q1"] == after["b2:q1"] == "a1:q1"  # the translation and the excerpt
    assert after["b2:q2"] == "b2:q2"  # a new statement of his stays apart
    assert after["b3:q1"] == "b3:q1"  # the same words from another speaker


def test_a_rerun_places_nothing_again(first_batch) -> None:
    before = clusters(first_batch)
    assert index_quotes(first_batch, get_settings()) == 0
    assert clusters(first_batch) == before


def test_the_clusters_do_not_depend_on_the_order_of_batches() -> None:
    forward, backward = warehouse(), warehouse()
    load(forward, SEED_REPORTS)
    load(forward, LATER_REPORTS)
    load(backward, LATER_REPORTS)
    load(backward, SEED_REPORTS)
    assert clusters(forward) == clusters(backward)


def test_a_report_linking_two_clusters_merges_them_under_the_smaller_key() -> None:
    con = warehouse()
    load(con, {"c1:q1": "We will not sign any agreement that leaves the northern districts without water",
               "c9:q1": "another dry summer would ruin the farms and orchards of the region, we will not sign"})
    assert len(set(clusters(con).values())) == 2
    load(con, {"c5:q1": "We will not sign any agreement that leaves the northern districts without water, because "
                        "another dry summer would ruin the farms and orchards of the region"})
    assert set(clusters(con).values()) == {"c1:q1"}


def test_unnamed_speakers_and_short_quotes_are_never_grouped() -> None:
    con = warehouse()
    for quote_id in ("d1:q1", "d2:q1"):
        add_report(con, quote_id, "serious", speaker_key="srg lvrv")
    index_quotes(con, get_settings())
    assert clusters(con) == {"d1:q1": "d1:q1", "d2:q1": "d2:q1"}
