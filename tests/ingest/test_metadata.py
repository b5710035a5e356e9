"""Where each article came from: header block, sidecar .json, page metadata, or the text (#14)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from newsetl.clean.metadata import infer_metadata, parse_date, with_inferred_metadata
from newsetl.ingest import read_inbox
from newsetl.ingest.formats import html_document, split_header, txt_document
from newsetl.records import RawDocument, Rejection
from tests.conftest import SAMPLE_CORPUS, SHARED

SEED = (SAMPLE_CORPUS / "002_553a2b73d65cfc00.txt").read_text(encoding="utf-8")
HEADER = ("Source: The Daily Example\nURL: https://news.example.org/libya-talks\n"
          "Published: 2020-01-14T09:30\nAuthor: Jane Doe\n\n")


def test_a_header_block_gives_outlet_url_date_and_author_and_leaves_the_text() -> None:
    document = txt_document(HEADER + SEED, source_uri="a.txt", encoding="utf-8", byte_count=0)
    assert (document.source_name, document.url, document.published_at, document.author, document.metadata_source) == (
        "The Daily Example", "https://news.example.org/libya-talks", datetime(2020, 1, 14, 9, 30), "Jane Doe", "given")
    assert document.text == SEED and document.document_id == txt_document(
        SEED, source_uri="b.txt", encoding="utf-8", byte_count=0).document_id


def test_a_headline_with_a_colon_is_not_a_header() -> None:
    text = "Libya: Russia Claims Progress\n\nThe talks in Moscow ended without a signed truce."
    assert split_header(text) == ({}, text)


def test_a_sidecar_json_gives_the_metadata_and_is_no_input_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "story.json").write_text(json.dumps({"source": "Wire Example", "published": "2020-01-13",
                                                     "author": "John Roe"}), encoding="utf-8")
    [document] = list(read_inbox(tmp_path, max_bytes=10**6))
    assert isinstance(document, RawDocument)
    assert (document.source_name, document.published_at, document.author, document.metadata_source) == (
        "Wire Example", datetime(2020, 1, 13), "John Roe", "given")


def test_a_broken_sidecar_is_rejected_and_its_article_still_loads(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "story.json").write_text('{"source": "Wire', encoding="utf-8")
    rejection, document = list(read_inbox(tmp_path, max_bytes=10**6))
    assert isinstance(rejection, Rejection) and rejection.reason == "malformed_sidecar"
    assert isinstance(document, RawDocument) and document.metadata_source == "none"


@pytest.mark.parametrize(("text", "expected"), [
    ("MOSCOW, Jan 14 (Reuters) - Russia said on Tuesday the talks would go on.", ("Reuters", None, None)),
    ("BERLIN, January 19, 2020 (AFP) - Leaders met for a conference on Libya.",
     ("AFP", datetime(2020, 1, 19), None)),
    ("WASHINGTON (AP) — The Senate voted on the bill late on Thursday.", ("AP", None, None)),
    ("Ceasefire talks end\n\nBy Jane Doe\n\nPublished 14 January 2020 10:45 GMT\n\nThe talks ended.",
     (None, datetime(2020, 1, 14, 10, 45), "Jane Doe")),
    (SEED, (None, None, None)),
])
def test_the_text_says_where_it_came_from(text: str, expected: tuple) -> None:
    found = infer_metadata(text)
    assert (found["source_name"], found["published_at"], found["author"]) == expected


def test_the_seed_credit_line_names_the_agency() -> None:
    text = (SAMPLE_CORPUS / "003_3e8ac880aaabf220.txt").read_text(encoding="utf-8")
    document = with_inferred_metadata(txt_document(text, source_uri="a.txt", encoding="utf-8", byte_count=0))
    assert (document.source_name, document.metadata_source) == ("AFP", "inferred")


def test_given_metadata_is_never_overwritten_by_the_text() -> None:
    document = txt_document("Source: Example Times\n\nMOSCOW, Jan 14 (Reuters) - Talks went on.",
                            source_uri="a.txt", encoding="utf-8", byte_count=0)
    assert with_inferred_metadata(document).source_name == "Example Times"


def test_a_date_without_a_year_is_no_date() -> None:
    assert parse_date("Jan 14") is None and parse_date("31 February 2020") is None


@pytest.mark.skipif(not (SHARED / "corpus" / "trafilatura_eval_en_news").exists(), reason="shared corpus not present")
def test_a_saved_page_gives_trafilaturas_metadata() -> None:
    html = (SHARED / "corpus" / "trafilatura_eval_en_news" / "html" / "citylimits.org-Nycha.html").read_text(
        encoding="utf-8", errors="replace")
    document = html_document(html, source_uri="page.html", encoding="utf-8", byte_count=len(html))
    assert (document.author, document.metadata_source, document.extractor) == (
        "Tatyana Turner", "given", "trafilatura")
    assert document.published_at is not None and document.published_at.year == 2023
