"""Cost per article linear in its length, guarded without a clock.

A step that compares every quote, cue or entity of an article with every other is quadratic in
the article's length: a 1M-character one-line text once spent minutes in such steps. Timings are
useless on a shared machine, so these tests count work instead: the Python lines executed for
one article (cleaning, language detection, the quote and mention rules, the learned tagger's
decoding, the rows checked for the warehouse, the MinHash signature), and the spans an
``OffsetIndex`` lookup reads. spaCy's parse runs before the count (its own C code is linear).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from newsetl.clean import clean_document
from newsetl.language import detect_language
from newsetl.offsets import OffsetIndex
from newsetl.pipeline import _extraction_rows
from newsetl.records import RawDocument
from newsetl.similar import text_signature
from tests.conftest import SAMPLE_CORPUS

SHORT = 6_000
GROWTH = 4
# The work may grow no faster than the text. Measured: 2.96x now (a fixed part per article
# weighs on the short text); 5.41x before the quadratic steps were removed (issue 17).
MAX_RATIO = GROWTH


def one_line_text(chars: int) -> str:
    """The sample articles' paragraphs on one line (a feed pasted as one line), ``chars`` long."""
    paragraphs = [
        p.strip() for f in sorted(SAMPLE_CORPUS.glob("*.txt"))
        for p in f.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 80
    ]
    text = ""
    while len(text) < chars:
        text += " ".join(paragraphs) + " "
    return text[:chars]


def lines_run(work: Callable[[], object]) -> int:
    """How many Python lines ``work`` executes (every line event of every frame)."""
    count = 0

    def tracer(frame: object, event: str, arg: object) -> Callable:
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def article_work(text: str, nlp) -> Callable[[], object]:
    """One article's Python path from raw text to warehouse rows, its parse done beforehand."""
    from newsetl.extract import extract_doc

    doc = nlp(text)
    raw = RawDocument(document_id="d", source_uri="file:///long.txt", input_format="txt",
                      encoding="utf-8", byte_count=len(text), text=text)
    at = datetime(2024, 1, 1, tzinfo=UTC)

    def work() -> object:
        (article,) = clean_document(raw)
        detect_language(article.clean_text)
        extraction = extract_doc(doc, "en")
        assert extraction.status == "ok", extraction.error
        rows = _extraction_rows("a", doc.text, extraction, at)
        return rows, text_signature(text)

    work()  # caches (lexicons, the tagger, lru caches) filled outside the count
    return work


def test_work_per_article_grows_linearly_with_its_length(nlp_en) -> None:
    nlp_en.max_length = max(nlp_en.max_length, SHORT * GROWTH)
    short = lines_run(article_work(one_line_text(SHORT), nlp_en))
    long = lines_run(article_work(one_line_text(SHORT * GROWTH), nlp_en))
    assert short > 100_000  # the rules ran
    assert long / short <= MAX_RATIO, f"{GROWTH}x the text ran {long / short:.2f}x the lines ({short} -> {long})"


def test_offset_index_reads_only_the_spans_near_the_range() -> None:
    spans = [(k * 10, k * 10 + 6) for k in range(20_000)]
    index = OffsetIndex(spans, lambda s: s[0], lambda s: s[1])
    for start, end in spans:
        assert index.near(start + 1, end - 1) == [(start, end)]
    assert index.touched == len(spans)  # one span read per lookup, whatever the number of spans


@pytest.mark.parametrize("seed", range(5))
def test_offset_index_finds_every_overlapping_span_in_order(seed: int) -> None:
    rng = random.Random(seed)
    spans = []
    for _ in range(300):
        start = rng.randrange(0, 2_000)
        spans.append((start, start + rng.choice([0, 1, 5, 40, 400])))
    index = OffsetIndex(spans, lambda s: s[0], lambda s: s[1])
    for _ in range(300):
        start = rng.randrange(0, 2_000)
        end = start + rng.choice([0, 3, 30, 300])
        expected = [s for s in spans if s[0] <= end and s[1] >= start]
        assert index.near(start, end) == expected
