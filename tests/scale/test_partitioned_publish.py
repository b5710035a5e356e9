"""A publish writes the months whose rows changed, not the whole archive (``write_partitions``).

Checked on a hand-made warehouse of two months (no dbt build needed): what a second publish
writes, what the published copy and the exports read, and which files are kept for a copy an
analyst still has open.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from newsetl.publish import copy, export_parquet, parts_dir, publish_copy, write_partitions


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """Articles in January and February 2025, one undated, their mentions, and an actor table."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema audit")
        con.execute("""create table marts.fct_articles as select * from (values
            ('a1', timestamp '2025-01-03 10:00', 'The mayor opened the bridge.'),
            ('a2', timestamp '2025-02-11 08:30', 'The council met on Tuesday.'),
            ('a3', null, 'A note without a date.')) as t(article_id, published_at, clean_text)""")
        con.execute("""create table marts.fct_mentions as select * from (values
            ('m1', 'a1', 'Ana Lopez'), ('m2', 'a2', 'Ben Okafor')) as t(mention_id, article_id, mention_text)""")
        con.execute("create table marts.dim_actors as select 'x1' as actor_id, 'Ana Lopez' as canonical_name")
        con.execute("create table audit.load_batches as select 'b1' as batch_id")
    return path


def files(published: Path) -> dict[str, dict[str, str]]:
    return {table: {month: path.name for month, path in parts.items()}
            for table, parts in write_partitions(published.parent.parent / "warehouse.duckdb",
                                                 parts_dir(published)).items()}


def test_a_change_in_one_month_rewrites_only_that_month(warehouse: Path) -> None:
    published = warehouse.parent / "published" / "warehouse.duckdb"
    publish_copy(warehouse, published)
    before = files(published)
    assert set(before["marts.fct_articles"]) == {"2025-01", "2025-02", "unknown"}
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.fct_articles set clean_text = 'The council met on Wednesday.' "
                    "where article_id = 'a2'")
    publish_copy(warehouse, published)
    after = files(published)
    changed = {(table, month) for table, parts in after.items() for month, name in parts.items()
               if before[table].get(month) != name}
    assert changed == {("marts.fct_articles", "2025-02")}
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select clean_text from fct_articles where article_id = 'a2'").fetchone() == (
            "The council met on Wednesday.",)
        assert con.execute("select count(*) from marts.fct_mentions").fetchone() == (2,)


def test_the_previous_copys_files_are_kept_and_older_ones_deleted(warehouse: Path) -> None:
    published = warehouse.parent / "published" / "warehouse.duckdb"
    store = parts_dir(published)
    publish_copy(warehouse, published)
    first = store / "marts.fct_articles" / files(published)["marts.fct_articles"]["2025-01"]
    for text in ("The mayor closed the bridge.", "The mayor reopened the bridge."):
        in_place = {store / table / name for table, parts in files(published).items() for name in parts.values()}
        with duckdb.connect(str(warehouse)) as con:
            con.execute("update marts.fct_articles set clean_text = ? where article_id = 'a1'", [text])
        publish_copy(warehouse, published)
        # the copy an analyst opened before this publish still finds every file it reads
        assert all(path.exists() for path in in_place)
    assert not first.exists()


def test_the_exports_link_the_published_files(warehouse: Path) -> None:
    published = warehouse.parent / "published" / "warehouse.duckdb"
    parts = write_partitions(warehouse, parts_dir(published))
    publish_copy(warehouse, published, parts=parts)
    parquet = warehouse.parent / "published" / "parquet"
    exported = export_parquet(warehouse, parquet, parts=parts)
    assert {p.name for p in exported} == {"dim_actors.parquet", "fct_articles", "fct_mentions"}
    month = parquet / "fct_articles" / "published_month=2025-01" / "data_0.parquet"
    assert month.stat().st_ino == parts["marts.fct_articles"]["2025-01"].stat().st_ino
    with duckdb.connect() as con:
        exported_mentions = f"select count(*) from read_parquet('{parquet}/fct_mentions/*/*.parquet')"
        assert con.execute(exported_mentions).fetchone() == (2,)


def test_a_large_table_splits_its_months_by_actor_and_rewrites_one_bucket(
        warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ROWS_PER_BUCKET rows, fct_mentions' months split by actor: one actor's rows moved rewrite its bucket."""
    monkeypatch.setattr(copy, "ROWS_PER_BUCKET", 15)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.fct_mentions")
        con.execute("""create table marts.fct_mentions as
            select 'm' || i as mention_id, case when i % 2 = 0 then 'a1' else 'a2' end as article_id,
                'x' || (i % 7) as actor_id, 'exact' as match_method
            from range(40) as r(i)""")
    published = warehouse.parent / "published" / "warehouse.duckdb"
    publish_copy(warehouse, published)
    before = files(published)["marts.fct_mentions"]
    assert len(before) == 4 and {part.split(".b")[0] for part in before} == {"2025-01", "2025-02"}
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.fct_mentions set match_method = 'transliteration' where actor_id = 'x3'")
        (bucket,) = con.execute("select distinct hash(actor_id) % 2 from marts.fct_mentions "
                                "where actor_id = 'x3'").fetchone()
    publish_copy(warehouse, published)
    after = files(published)["marts.fct_mentions"]
    assert {part for part in after if after[part] != before[part]} == {f"2025-01.b{bucket}", f"2025-02.b{bucket}"}
    parquet = warehouse.parent / "published" / "parquet"
    export_parquet(warehouse, parquet)
    assert {p.name for p in (parquet / "fct_mentions" / "published_month=2025-01").iterdir()} == {
        "data_0.parquet", "data_1.parquet"}
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*), count(*) filter (where match_method = 'transliteration') "
                           "from fct_mentions").fetchone() == (40, 6)
