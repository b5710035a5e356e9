"""``newsetl run`` end to end: where each article came from, and which languages get quotes (#14).

One inbox holds a pasted article with a header block, one with a sidecar .json, one whose text
carries a wire dateline, one with a broken sidecar, a plain seed, and an article in German. The
marts say where each came from (``author``, ``metadata_source``), the Parquet exports sit under the
real publication month, and the German article loads with the reason it has no quotes.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from newsetl.cli import main
from tests.conftest import SAMPLE_CORPUS

pytestmark = pytest.mark.e2e

HEADER = ("Source: The Daily Example\nURL: https://news.example.org/libya-talks\n"
          "Published: 2020-01-14T09:30\nAuthor: Jane Doe\n\n")
WIRE = ("Ceasefire monitors to start work next week\n\n"
        "GENEVA, February 3, 2020 (AFP) - A team of ceasefire monitors will start work next week, "
        "the United Nations envoy said on Monday.\n\n"
        "The envoy told reporters that both delegations had agreed to the plan in principle.")
GERMAN = ("Gespräche über eine Waffenruhe gehen weiter\n\n"
          "Die Gespräche über eine Waffenruhe sollen in der kommenden Woche in Genf fortgesetzt werden. "
          "Das teilte der Sondergesandte der Vereinten Nationen am Montag mit.\n\n"
          "Beide Delegationen hätten dem Plan im Grundsatz zugestimmt, sagte er vor Journalisten. "
          "Ein Termin für ein Treffen der Außenminister steht noch nicht fest.")


@pytest.fixture(scope="module")
def provenance_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("provenance")
    inbox = root / "inbox"
    inbox.mkdir()
    seed = {name: (SAMPLE_CORPUS / name).read_text(encoding="utf-8") for name in sorted(
        p.name for p in SAMPLE_CORPUS.iterdir())}
    names = list(seed)
    (inbox / "header.txt").write_text(HEADER + seed[names[0]], encoding="utf-8")
    (inbox / "sidecar.txt").write_text(seed[names[1]], encoding="utf-8")
    (inbox / "sidecar.json").write_text(json.dumps({"source": "Wire Example", "published": "2020-01-13",
                                                    "url": "https://wire.example.org/1"}), encoding="utf-8")
    (inbox / "wire.txt").write_text(WIRE, encoding="utf-8")
    (inbox / "broken.txt").write_text(seed[names[2]], encoding="utf-8")
    (inbox / "broken.json").write_text("{not json", encoding="utf-8")
    (inbox / "plain.txt").write_text(seed[names[4]], encoding="utf-8")
    (inbox / "german.txt").write_text(GERMAN, encoding="utf-8")
    warehouse = root / "warehouse.duckdb"
    import contextlib
    import io

    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)]) == 0
    return warehouse, output.getvalue()


def origins(warehouse: Path) -> dict[str, tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select regexp_extract(source_uri, '[^/]+$'), source_name, url, "
                           "strftime(published_at, '%Y-%m-%d'), author, metadata_source "
                           "from marts.fct_articles where source_part = 0").fetchall()
    return {name: tuple(rest) for name, *rest in rows}


def test_each_article_says_where_it_came_from(provenance_run) -> None:
    warehouse, _ = provenance_run
    assert origins(warehouse) == {
        "header.txt": ("The Daily Example", "https://news.example.org/libya-talks", "2020-01-14", "Jane Doe", "given"),
        "sidecar.txt": ("Wire Example", "https://wire.example.org/1", "2020-01-13", None, "given"),
        "wire.txt": ("AFP", None, "2020-02-03", None, "inferred"),
        "broken.txt": (None, None, None, None, "none"),
        "plain.txt": (None, None, None, None, "none"),
        "german.txt": (None, None, None, None, "none"),
    }


def test_a_broken_sidecar_is_audited(provenance_run) -> None:
    warehouse, _ = provenance_run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select regexp_extract(source_uri, '[^/]+$'), reason from audit.rejected_inputs"
                           ).fetchall() == [("broken.json", "malformed_sidecar")]


def test_parquet_is_partitioned_by_the_real_publication_month(provenance_run) -> None:
    warehouse, _ = provenance_run
    folder = warehouse.parent / "published" / "parquet" / "fct_articles"
    months = sorted(p.name for p in folder.glob("published_month=*"))
    assert months == ["published_month=2020-01", "published_month=2020-02", "published_month=unknown"]


def test_an_article_in_another_language_loads_with_the_reason(provenance_run) -> None:
    warehouse, summary = provenance_run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        status, reason, quotes = con.execute(
            "select extraction_status, extraction_error, quote_count from marts.fct_articles "
            "where source_uri like '%german.txt'").fetchone()
    assert (status, quotes) == ("skipped_language", 0)
    assert reason == "quotes and mentions are extracted only for English (en), French (fr); this article is German (de)"
    assert "not extracted        de 1" in summary
    assert "extracted for English (en), French (fr) only" in summary
