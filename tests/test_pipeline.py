"""The one-process pipeline (``newsetl run``) on real text: idempotent, loses nothing."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import duckdb
import pytest

from newsetl.cli import main
from tests.conftest import SAMPLE_CORPUS

pytestmark = pytest.mark.e2e


def table_counts(warehouse: Path) -> dict[str, int]:
    tables = ["raw.documents", "raw.articles", "raw.quotes", "raw.mentions", "audit.rejected_inputs",
              "audit.boilerplate_removed", "marts.fct_articles", "marts.fct_quotes", "marts.fct_mentions",
              "marts.dim_actors"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    """A mixed inbox of good and bad files, run twice; returns inbox, warehouse, first counts."""
    root = tmp_path_factory.mktemp("mixed")
    inbox = root / "inbox"
    shutil.copytree(SAMPLE_CORPUS, inbox)
    seed = (SAMPLE_CORPUS / "002_553a2b73d65cfc00.txt").read_text(encoding="utf-8")
    (inbox / "same_as_002.txt").write_text(seed, encoding="utf-8")
    (inbox / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + seed.replace("Moscow", "Moskva").encode("utf-16-le"))
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (inbox / "feed.jsonl").write_text('{"text": "too short"\n', encoding="utf-8")
    warehouse = root / "warehouse.duckdb"
    assert main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)]) == 0
    first = table_counts(warehouse)
    assert main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)]) == 0
    return inbox, warehouse, first


def test_every_bad_file_is_rejected_with_a_reason(mixed_run) -> None:
    _, warehouse, _ = mixed_run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        reasons = dict(con.execute("select regexp_extract(source_uri, '[^/]+$'), reason "
                                   "from audit.rejected_inputs").fetchall())
    assert reasons == {"same_as_002.txt": "duplicate_content", "empty.txt": "empty", "image.txt": "binary",
                       "feed.jsonl#L1": "malformed_json"}


def test_every_good_file_lands(mixed_run) -> None:
    _, warehouse, _ = mixed_run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = {row[0] for row in con.execute(
            "select regexp_extract(source_uri, '[^/]+$') from marts.fct_articles").fetchall()}
    assert names == {p.name for p in SAMPLE_CORPUS.iterdir()} | {"utf16.txt"}


def test_a_second_run_adds_nothing(mixed_run) -> None:
    _, warehouse, first = mixed_run
    assert table_counts(warehouse) == first


def test_the_published_copy_matches_the_warehouse_marts(mixed_run) -> None:
    _, warehouse, _ = mixed_run
    published = warehouse.parent / "published" / warehouse.name
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_articles").fetchone()[0] == 9
    assert list((published.parent / "parquet" / "fct_articles").glob("published_month=*/*.parquet"))


def test_a_missing_inbox_fails_cleanly_and_writes_nothing(tmp_path: Path, capsys) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    assert main(["run", "--inbox", str(tmp_path / "nowhere"), "--warehouse", str(warehouse)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not warehouse.exists()


def test_each_block_text_is_its_line_of_the_clean_text(mixed_run) -> None:
    """fct_article_blocks reads the lines by splitting clean_text (linear in a long article), not by
    offset: the text it gives must still be exactly the span the block's offsets name."""
    _, warehouse, _ = mixed_run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("""
            select b.block_text, a.clean_text, b.start_char, b.end_char
            from marts.fct_article_blocks b join marts.fct_articles a using (article_id)
        """).fetchall()
    assert len(rows) > 50
    assert all(block == text[start:end] for block, text, start, end in rows)


def test_the_dbt_unit_tests_pass_on_the_built_warehouse(mixed_run) -> None:
    """The pipeline's build leaves dbt's unit tests out (``pipeline.DBT_BUILD_ARGS``): they run here,
    every one of them, on a warehouse the pipeline built."""
    import json

    from newsetl.load import run_dbt
    from newsetl.settings import get_settings

    _, warehouse, _ = mixed_run
    project = get_settings().dbt_project_dir
    run_dbt(["test", "--select", "test_type:unit"], warehouse=warehouse, project_dir=project)
    results = json.loads((project / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    manifest = json.loads((project / "target" / "manifest.json").read_text(encoding="utf-8"))
    assert {r["unique_id"] for r in results} == set(manifest["unit_tests"])
    assert len(results) >= 8
    assert {r["status"] for r in results} == {"pass"}


def test_the_pipelines_build_runs_every_data_test_and_no_unit_test(mixed_run) -> None:
    import json

    from newsetl.report import BUILD_RESULTS
    from newsetl.settings import get_settings

    target = get_settings().dbt_project_dir / "target"
    results = json.loads((target / BUILD_RESULTS).read_text(encoding="utf-8"))["results"]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    built = {r["unique_id"] for r in results}
    assert not any(uid.startswith("unit_test.") for uid in built)
    assert {uid for uid in manifest["nodes"] if uid.startswith(("test.", "model.", "seed."))} <= built
