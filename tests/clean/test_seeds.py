"""Boilerplate removal on each real sample article, against its hand annotations.

Like trafilatura's ``evaldata.json``: per document, what must be gone (``boilerplate_lines``) and
what must stay (every quote key), plus the headline.
"""

from __future__ import annotations

import pytest

from newsetl.clean import clean_document
from newsetl.ingest import read_inbox
from tests.conftest import SAMPLE_CORPUS, seed_gold

GOLD = {doc["file"]: doc for doc in seed_gold()}
pytestmark = pytest.mark.skipif(not GOLD, reason="../shared/gold/seeds.json is not beside the project")


def cleaned(file_name: str) -> list:
    document = next(d for d in read_inbox(SAMPLE_CORPUS, max_bytes=10**7) if d.source_uri.endswith(file_name))
    return clean_document(document)


def body(file_name: str) -> str:
    return "\n".join(article.clean_text for article in cleaned(file_name))


@pytest.mark.parametrize(
    ("file_name", "line"),
    [(doc["file"], line) for doc in GOLD.values() for line in doc["boilerplate_lines"]],
)
def test_boilerplate_line_is_removed(file_name: str, line: str) -> None:
    assert line not in body(file_name)


@pytest.mark.parametrize(
    ("file_name", "key"),
    [(doc["file"], q["key"]) for doc in GOLD.values() for q in doc["quotes"]],
)
def test_quote_is_kept(file_name: str, key: str) -> None:
    normalise = lambda text: " ".join(text.replace("’", "'").split())  # noqa: E731
    assert normalise(key) in normalise(body(file_name))


@pytest.mark.parametrize("file_name", sorted(GOLD))
def test_headline_is_taken_only_when_there_is_one(file_name: str) -> None:
    assert cleaned(file_name)[0].title == GOLD[file_name]["title"]


def test_every_removed_line_names_its_rule() -> None:
    removed = [line for doc in GOLD for article in cleaned(doc) for line in article.removed]
    assert removed and all(line.rule and line.text for line in removed)


def test_a_page_of_several_reports_gives_one_article_per_report() -> None:
    articles = cleaned("004_f3043e5b9a26bbe3.txt")
    assert [a.source_part for a in articles] == [0, 1, 2, 3]
    assert articles[2].title == "Lavrov: Extremists are moving from Syria’s Idlib to Libya"
    assert all("The Address | Benghazi" not in a.clean_text for a in articles)


def test_a_dangling_opening_quote_mark_stays_with_its_paragraph() -> None:
    assert "nine-month war.“\n\nToday we can report" in body("001_e33607d04fb48396.txt")
