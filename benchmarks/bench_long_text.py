"""Cost of one article against its length, for texts on one long line (``make bench-long``).

A newsroom inbox sometimes holds a whole feed pasted as one line. Several steps once compared
every quote, cue or entity of an article with every other, so one line of 100k characters took
26 s and 1M characters 349 s (issue 17). This times each stage of one article on one-line texts
of 10k, 100k and 1M characters made from the seed articles' paragraphs: cleaning and language
detection, spaCy's parse, the rules (quotes, the learned tagger, mentions, the checked warehouse
rows) and the MinHash signature of duplicate detection; then the duplicate detection in dbt: the
article, in paragraphs, loaded (and signed) beside a seed and an edited copy of it, and ``dbt
build`` with the time of ``int_articles_flagged_as_duplicates`` and of ``fct_article_blocks``.
Linear cost shows as a flat ``s_per_100k`` across lengths. CPU seconds: on a shared machine the
wall clock measures the neighbours.

The lines printed are machine-readable: ``bench_long chars=N clean_s= parse_s= rules_s= sign_s=
total_s= s_per_100k= quotes= mentions=`` per length, then ``bench_long_dedup chars=N load_s=
build_s= duplicates_model_s= blocks_model_s=`` (wall seconds), then the peak RSS.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from newsetl.clean import clean_document
from newsetl.extract import extract_doc, load_nlp
from newsetl.language import detect_language
from newsetl.load import load_batch, write_batch_table
from newsetl.pipeline import _clean_documents, _extraction_rows, build_marts
from newsetl.records import RawDocument
from newsetl.settings import get_settings
from newsetl.similar import text_signature

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
LENGTHS = (10_000, 100_000, 1_000_000)
DUPLICATES_MODEL = "int_articles_flagged_as_duplicates"
T = TypeVar("T")


def one_line_text(chars: int, separator: str = " ") -> str:
    """Seed paragraphs joined by spaces (no line break), repeated up to ``chars`` characters;
    joined by ``separator`` instead when given."""
    paragraphs = [p.strip() for f in sorted(SEEDS.glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 80]
    if not paragraphs:
        raise SystemExit(f"no seed article in {SEEDS}")
    pieces, size = [], 0
    while size < chars:
        for paragraph in paragraphs:
            pieces.append(paragraph)
            size += len(paragraph) + 1
            if size >= chars:
                break
    return separator.join(pieces)[:chars]


def cpu(work: Callable[[], T]) -> tuple[T, float]:
    started = time.process_time()
    result = work()
    return result, time.process_time() - started


def stages(chars: int, nlp) -> str:
    """CPU seconds of each stage of one article of ``chars`` characters, as one line."""
    text = one_line_text(chars)
    raw = RawDocument(document_id="d", source_uri="file:///long.txt", input_format="txt",
                      encoding="utf-8", byte_count=len(text), text=text)
    articles, clean_s = cpu(lambda: [(a, detect_language(a.clean_text)) for a in clean_document(raw)])
    doc, parse_s = cpu(lambda: nlp(articles[0][0].clean_text))
    at = datetime.now(UTC)

    def rules() -> tuple:
        extraction = extract_doc(doc, "en")
        assert extraction.status == "ok", extraction.error
        return _extraction_rows("a", doc.text, extraction, at)

    (quotes, mentions, quarantined), rules_s = cpu(rules)
    _, sign_s = cpu(lambda: text_signature(text))
    total = clean_s + parse_s + rules_s + sign_s
    return (f"bench_long chars={chars} clean_s={clean_s:.2f} parse_s={parse_s:.2f} rules_s={rules_s:.2f} "
            f"sign_s={sign_s:.3f} total_s={total:.2f} s_per_100k={total / (chars / 100_000):.2f} "
            f"quotes={len(quotes)} mentions={len(mentions)} quarantined={len(quarantined)}")


def duplicate_detection(chars: int, work: Path) -> str:
    """Clean, load (and sign) the long article beside a seed and its edited copy, then ``dbt build``."""
    settings = dataclasses.replace(get_settings(), warehouse=work / f"warehouse_{chars}.duckdb")
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8").partition("\n\n")[2]
    # paragraphs here: fct_article_blocks has a row per paragraph
    bodies = {"long": one_line_text(chars, "\n\n"), "seed": seed, "copy": seed.replace(" said ", " says ", 1)}
    at = datetime(2026, 1, 14, 9, 0)
    documents = [RawDocument(document_id=name, source_uri=f"/inbox/{name}.txt", input_format="txt",
                             encoding="utf-8", byte_count=len(body), text=body) for name, body in bodies.items()]
    arrived = {d.document_id: ("b", at.replace(minute=k)) for k, d in enumerate(documents)}
    rows, articles, _, blocks, _ = _clean_documents(documents, {}, arrived=arrived, settings=settings)
    for article in articles:  # the extraction stage has its own timings above
        article["extraction_status"] = "skipped_language"
    batch = work / f"batch_{chars}"
    for table, table_rows in (("documents", rows), ("articles", articles), ("blocks", blocks)):
        write_batch_table(batch, table, table_rows)
    started = time.perf_counter()
    load_batch(batch, settings.warehouse, batch_id="b", started_at=at)
    loaded = time.perf_counter()
    build_marts(settings)
    built = time.perf_counter()
    results = json.loads((settings.dbt_project_dir / "target" / "run_results.json").read_text(encoding="utf-8"))
    model_s = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        flagged = dict(con.execute(
            "select document_id, duplicate_of_article_id is not null from marts.fct_articles").fetchall())
        paragraphs = con.execute("select count(*) from marts.fct_article_blocks").fetchone()[0]
    assert flagged == {"long": False, "seed": False, "copy": True}, flagged
    return (f"bench_long_dedup chars={chars} paragraphs={paragraphs} load_s={loaded - started:.2f} "
            f"build_s={built - loaded:.2f} duplicates_model_s={model_s[DUPLICATES_MODEL]:.3f} "
            f"blocks_model_s={model_s['fct_article_blocks']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS))
    parser.add_argument("--no-dbt", action="store_true", help="skip the load and dbt build per length")
    args = parser.parse_args()
    nlp = load_nlp("en")
    nlp.max_length = max(nlp.max_length, *args.lengths)
    stages(2_000, nlp)  # a warm-up: the model, lexicons and tagger load outside the timings
    for chars in args.lengths:
        print(stages(chars, nlp), flush=True)
    if not args.no_dbt:
        with tempfile.TemporaryDirectory(prefix="bench_long_") as work:
            for chars in args.lengths:
                print(duplicate_detection(chars, Path(work)), flush=True)
    print(f"bench_long peak_rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}", flush=True)


if __name__ == "__main__":
    main()
