"""Fuzz the functions that see raw newsroom input: whatever arrives, they answer, never crash.

A crash here stops a whole run (every other document of the batch waits for a human), so each
property is "returns a result or the one documented error", plus the bookkeeping promises: the
clean stage only ever keeps input lines, and every non-blank line is either kept or audited.
Each test counts the inputs it tried into the session's ``inputs_fuzzed`` figure.
"""

from __future__ import annotations

import codecs
import json
import os
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsetl.clean import clean_document
from newsetl.extract.quote_marks import find_quoted_spans
from newsetl.ingest import DecodeError, decode_bytes
from newsetl.ingest.formats import jsonl_documents
from newsetl.records import RawDocument, Rejection
from tests.reliability.figures import count


def fuzz(examples: int) -> settings:
    """Explicit budget per test; no deadline (a loaded 2-core CI box is slow, not wrong).

    Under CI the inputs are derandomised: the same examples every run, so a red CI means the
    change broke something rather than that the dice found an old bug; locally they vary.
    """
    return settings(max_examples=examples, deadline=None, print_blob=True, derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

QUOTE_MARKS = "\"'“”„«»‘’‹›"
# Text that looks like news copy: letters, punctuation, quote marks, spaces and line breaks,
# with the odd control or combining character that copy-paste brings.
NEWSY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcdefghij ABCDEF .,;:!?-–—|()\n\n\n" + QUOTE_MARKS)),
        st.characters(codec="utf-8"),
    ),
    max_size=400,
)
# Lines of the kinds the clean stage reasons about (headlines, a byline that repeats, captions,
# footer headings, tag lists, quotes), shuffled into pages: random text alone almost never
# repeats a byline, which is what cuts a page into several reports.
PAGE_LINES = [
    "Libyan peace talks fall short", "Russia and Turkey urge a truce", "The Address | Benghazi – Libya",
    "Libya’s warring leaders made progress at indirect peace talks in Moscow on Monday.",
    "“Today we can report that the talks went well,” Lavrov said.", "Photo: Reuters", "Related",
    "Subscribe to our newsletter", "Russia, Libya, Syria", "Observation mission under discussion", "", "",
]
PAGES = st.lists(st.one_of(st.sampled_from(PAGE_LINES), st.text(max_size=60).filter(lambda s: "\n" not in s)),
                 max_size=25).map("\n".join)
DOCUMENTS = st.one_of(NEWSY, PAGES)
# Text as people write it: no control characters besides tab and line ends. (A NUL makes a
# file binary by definition, and "0\x00\x80" in UTF-8 even looks like UTF-16 without a BOM.)
REAL_TEXT = st.text(alphabet=st.one_of(st.sampled_from(list("abc ABC .,;:!?-–\n\t\r" + QUOTE_MARKS)),
                                       st.characters(codec="utf-8", exclude_categories=["Cc"])), max_size=400)
BOM_PREFIXES = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])


def _decode_or_reason(data: bytes) -> None:
    """The property every input must satisfy: NFC text with Unix line ends, or a coded reason."""
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as error:
        assert error.reason in {"empty", "binary", "undecodable"} and error.detail
        return
    assert text.strip() and encoding
    assert "\r" not in text
    assert unicodedata.is_normalized("NFC", text)


@fuzz(1500)
@given(st.binary(max_size=600))
def test_random_bytes_decode_or_give_a_reason(data: bytes) -> None:
    """Any byte string: a truncated UTF-16 export used to raise UnicodeDecodeError here."""
    count("inputs_fuzzed")
    _decode_or_reason(data)


@fuzz(800)
@given(BOM_PREFIXES, st.binary(max_size=400))
def test_bytes_behind_a_byte_order_mark_decode_or_give_a_reason(bom: bytes, data: bytes) -> None:
    """A BOM sends the bytes down the UTF-16/UTF-8-sig path, which random bytes rarely reach."""
    count("inputs_fuzzed")
    _decode_or_reason(bom + data)


@fuzz(500)
@given(REAL_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_text_in_a_self_describing_encoding_reads_back_as_itself(text: str, encoding: str) -> None:
    """UTF-8, or UTF-8/UTF-16 behind a BOM, is never mistaken for another encoding, nor refused
    unless it is blank."""
    count("inputs_fuzzed")
    expected = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        decoded, _ = decode_bytes(text.encode(encoding))
    except DecodeError as error:
        assert error.reason == "empty", error
        return
    assert decoded == expected


def _document(text: str, title: str | None = None) -> RawDocument:
    return RawDocument(document_id="fuzz", source_uri="fuzz.txt", input_format="txt", encoding="utf-8",
                       byte_count=len(text), text=text, title=title)


@fuzz(600)
@given(DOCUMENTS)
def test_clean_text_only_holds_input_lines(text: str) -> None:
    """Cleaning removes lines and never invents or rewrites one (the audit trail depends on it)."""
    count("inputs_fuzzed")
    inputs = {line.strip() for line in text.split("\n")}
    for article in clean_document(_document(text)):
        assert {line for line in article.clean_text.split("\n") if line} <= inputs


@fuzz(600)
@given(DOCUMENTS)
def test_every_non_blank_line_is_kept_titled_or_audited(text: str) -> None:
    """Removed + kept (body or headline) accounts for every non-blank line of the document."""
    count("inputs_fuzzed")
    lines = text.split("\n")
    articles = clean_document(_document(text))
    if not articles:
        return  # the pipeline records the whole document as rejected (only_boilerplate)
    kept = {line for a in articles for line in a.clean_text.split("\n")}
    removed = {r.line_no for a in articles for r in a.removed}
    titles = [a.title for a in articles if a.title]
    for i, line in enumerate(lines):
        stripped = line.strip()
        titled = any(" ".join(stripped.split()).startswith(title) for title in titles)
        assert not stripped or i in removed or stripped in kept or titled, (i, line)


@fuzz(600)
@given(DOCUMENTS)
def test_removed_lines_point_at_their_own_text(text: str) -> None:
    """Every audit row's line number is inside the document and names the line it removed."""
    count("inputs_fuzzed")
    lines = text.split("\n")
    for article in clean_document(_document(text)):
        for removed in article.removed:
            assert 0 <= removed.line_no < len(lines)
            assert lines[removed.line_no].strip() == removed.text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
JSON_LINES = st.one_of(
    JSON_VALUES.map(json.dumps),
    st.fixed_dictionaries({"text": st.text(max_size=200)}, optional={"title": JSON_VALUES, "url": JSON_VALUES,
                                                                    "published": JSON_VALUES}).map(json.dumps),
    st.text(max_size=80).filter(lambda s: "\n" not in s),
    st.integers(min_value=1, max_value=50).map(lambda n: "[" * (n * 400) + "]" * (n * 400)),
    st.integers(min_value=4301, max_value=6000).map(lambda n: '{"text": ' + "7" * n + "}"),
    st.sampled_from(['{"text": "\\ud800 lone"}', '{"text": "ok", "title": "\\udfff"}', '{"text": NaN}']),
)


@fuzz(800)
@given(st.lists(JSON_LINES, max_size=6))
def test_json_lines_give_one_answer_per_non_blank_line(lines: list[str]) -> None:
    """Nested arrays 20,000 deep or a 5,000-digit number used to escape as RecursionError/ValueError."""
    count("inputs_fuzzed")
    text = "\n".join(lines)
    items = list(jsonl_documents(text, source_uri="feed.jsonl", encoding="utf-8"))
    expected = [f"feed.jsonl#L{n}" for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    assert [item.source_uri for item in items] == expected
    for item in items:
        if isinstance(item, Rejection):
            assert item.reason in {"malformed_json", "not_an_object", "missing_text", "undecodable", "binary"}
        else:
            item.text.encode("utf-8")  # storable as a UTF-8 column


@fuzz(800)
@given(st.text(alphabet=st.sampled_from(list(QUOTE_MARKS + "ab .\n")), max_size=300))
def test_quote_marks_pair_into_spans_inside_the_text(text: str) -> None:
    """Any sequence of marks, balanced or not, gives ordered spans within the text (no raise)."""
    count("inputs_fuzzed")
    spans = find_quoted_spans(text)
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
