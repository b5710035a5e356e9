"""Where an article came from, read from its own text when the input does not say.

Pasted text carries its origin in a few conventional places: the dateline of wire copy
("MOSCOW, Jan 14 (Reuters) -", "WASHINGTON (AP) —"), a credit line ("With AFP"), a
"Published 14 January 2020" line and a "By Jane Doe" byline. What is read there is marked
``inferred``, never ``given``, so an analyst can tell a stated outlet from a guessed one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from newsetl.records import RawDocument

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")], start=1) for name in names}
MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# How far into a text its dateline, byline and "Published" line may stand (lines, not counting blanks).
HEAD_LINES = 6
DATELINE = re.compile(
    r"^(?-i:[A-Z][A-Z.'’ -]{1,40})(?:,\s*[\w.'’ -]{1,30})?,?\s+"
    rf"(?:(?P<date>{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?)\s+)?"
    r"\((?P<agency>(?-i:[A-Z][\w&.'’-]*)(?: (?-i:[A-Z][\w&.'’-]*)){0,2})\)\s*[-–—]",
    re.IGNORECASE)
CREDIT = re.compile(r"^(?:with|via|from|source:)\s+(?P<agency>(?-i:[A-Z]{2,6})|reuters|bloomberg|xinhua)\.?$",
                    re.IGNORECASE)
PUBLISHED = re.compile(r"^(?:first\s+)?(?:published|posted|updated)(?:\s+on|\s+at)?\s*:?\s*(?P<date>.+)$",
                       re.IGNORECASE)
BYLINE = re.compile(r"^by\s+(?P<author>(?-i:[A-Z][\w.'’-]+)(?:\s+(?-i:[A-Z][\w.'’-]+)){1,3})$", re.IGNORECASE)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({MONTH}),?\s+(\d{{4}})\b", re.IGNORECASE)
MONTH_DAY_YEAR = re.compile(rf"\b({MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")


def parse_date(text: str) -> datetime | None:
    """The first full date in a phrase ("14 January 2020", "Jan. 14, 2020", "2020-01-14 10:45").

    A date without a year is no publication date: None.
    """
    iso = ISO_DATE.search(text)
    if iso:
        year, month, day, hour, minute = (int(g) if g else 0 for g in iso.groups())
        return _date(year, month, day, hour, minute)
    for pattern, order in ((DAY_MONTH_YEAR, (2, 1, 0)), (MONTH_DAY_YEAR, (2, 0, 1))):
        match = pattern.search(text)
        if match:
            parts = match.groups()
            year, month, day = (parts[i] for i in order)
            clock = TIME.search(text[match.end():])
            hour, minute = (int(clock.group(1)), int(clock.group(2))) if clock else (0, 0)
            return _date(int(year), MONTHS[month.casefold().rstrip(".")], int(day), hour, minute)
    return None


def _date(year: int, month: int, day: int, hour: int, minute: int) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def infer_metadata(text: str) -> dict[str, object]:
    """Outlet, publication date and author as the text states them (None where it does not)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    found: dict[str, object] = {"source_name": None, "published_at": None, "author": None}
    for line in lines[:HEAD_LINES]:
        dateline = DATELINE.match(line)
        if dateline and found["source_name"] is None:
            found["source_name"] = dateline.group("agency")
            found["published_at"] = found["published_at"] or parse_date(dateline.group("date") or "")
        published = PUBLISHED.match(line)
        if published and found["published_at"] is None:
            found["published_at"] = parse_date(published.group("date"))
        byline = BYLINE.match(line)
        if byline and found["author"] is None:
            found["author"] = byline.group("author")
    for line in [*lines[:HEAD_LINES], *lines[-HEAD_LINES:]]:
        credit = CREDIT.match(line)
        if credit and found["source_name"] is None:
            found["source_name"] = credit.group("agency")
        published = PUBLISHED.match(line)
        if published and found["published_at"] is None:
            found["published_at"] = parse_date(published.group("date"))
    return found


def with_inferred_metadata(document: RawDocument) -> RawDocument:
    """The document, its origin read from its text when the input gave none.

    An input that states any of outlet, URL, date or author is taken at its word
    (``metadata_source`` stays ``given``); inference only fills a document that says nothing.
    """
    if document.metadata_source != "none":
        return document
    found = {key: value for key, value in infer_metadata(document.text).items() if value is not None}
    return replace(document, **found, metadata_source="inferred") if found else document
