"""Pair quotation marks into quoted spans, robustly and in one linear pass.

News text mixes styles within one article, and copy-paste breaks them: the seed VOA article has
``...in the nine-month war.“`` and the quote itself, ``Today we can report...,”``, in the next
paragraph (the opening mark dangles at the end of the previous one); it closes a straight-quote
opening with a curly mark (``"until a result is achieved.”``) and leaves
``the plan “ignored many of the demands...`` unclosed. textacy's ``direct_quotations`` raises on
an odd number of marks and loses every quote of such a document; here a bad mark costs at most
its own paragraph.

Rules, per paragraph (quotes in news close before the paragraph ends; a continued quote reopens):

* double marks “ ” „ « » " pair with any double mark (mixed styles pair);
* a straight ``"`` opens or closes by its neighbours (space before and a letter after opens);
* an opening mark followed only by whitespace to the end of its paragraph opens the next one;
* an unclosed double quote runs to the end of its paragraph;
* single marks ‘ ’ quote only outside double quotes, only when closed in the paragraph, and
  ``’`` between letters (``LNA’s``, ``don’t``) is an apostrophe, never a mark.
"""

from __future__ import annotations

import re
from typing import NamedTuple

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
# Two apostrophes stand for a double mark in some wire and newspaper archives
# (``''It's just patching the roof,'' said ...``).
MARK_RE = re.compile(r"''|[“”„«»\"‘’‹›]")
PARAGRAPH_RE = re.compile(r"[^\n]+")


class QuotedSpan(NamedTuple):
    """Character offsets of the text between a pair of marks (the marks excluded)."""

    start: int
    end: int
    closed: bool  # False when the quote ran to the end of its paragraph


def _left_space(text: str, i: int) -> bool:
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/"


def _right_space(text: str, i: int) -> bool:
    return i + 1 >= len(text) or text[i + 1].isspace() or text[i + 1] in ".,;:!?)]}—–-"


def _role(text: str, i: int, j: int, is_open: bool) -> str:
    """Return "open", "close" or "" for the double mark ``text[i:j]`` given the state."""
    ch = text[i] if j == i + 1 else STRAIGHT
    if ch in CLOSERS:
        if is_open:
            return "close"
        return "open" if _left_space(text, i) and not _right_space(text, i) else ""
    if ch == "“" and is_open and not _left_space(text, i) and _right_space(text, i):
        return "close"  # „German“ style, or a curly opener typed as a closer
    if ch in OPENERS:
        return "open"
    left, right = _left_space(text, i), _right_space(text, j - 1)
    if is_open:  # straight mark while a quote is open
        return "open" if left and not right else "close"
    return "open" if not (right and not left) else ""


def _span(text: str, start: int, end: int, closed: bool) -> QuotedSpan | None:
    """Strip whitespace from ``text[start:end]``; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuotedSpan(start, end, closed) if end > start else None


def _is_apostrophe(text: str, i: int) -> bool:
    """``’`` inside a word (``LNA’s``, ``don’t``) or after a plural (``voters’ rights``)."""
    after_letter = i > 0 and text[i - 1].isalnum()
    return after_letter and i + 1 < len(text) and text[i + 1].isalnum()


def _single_spans(text: str, start: int, end: int) -> list[QuotedSpan]:
    """Closed ‘single-quoted’ spans in ``text[start:end]`` (outside double quotes)."""
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    for m in MARK_RE.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if len(ch) > 1:
            continue
        if ch in SINGLE_OPEN and _left_space(text, i):
            open_at = i + 1
        elif ch in SINGLE_CLOSE and open_at is not None and not _is_apostrophe(text, i):
            if _right_space(text, i) and (span := _span(text, open_at, i, True)):
                spans.append(span)
            open_at = None
    return spans


def _paragraph_spans(
    text: str, start: int, end: int, carry: int | None
) -> tuple[list[QuotedSpan], int | None]:
    """Quoted spans of one paragraph; also where a dangling opener makes the next one start."""
    spans: list[QuotedSpan] = []
    open_at = carry
    plain_from = start  # text outside double quotes is scanned for single quotes later
    for m in MARK_RE.finditer(text, start, end):
        i, j = m.span()
        if m.group() in "‘’‹›":
            continue
        role = _role(text, i, j, open_at is not None)
        if role == "close" and open_at is not None:
            if span := _span(text, open_at, i, True):
                spans.append(span)
            open_at, plain_from = None, j
        elif role == "open":
            if open_at is not None and (span := _span(text, open_at, i, False)):
                spans.append(span)
            spans.extend(_single_spans(text, plain_from, i))
            open_at = j
    if open_at is None:
        spans.extend(_single_spans(text, plain_from, end))
        return spans, None
    if not text[open_at:end].strip():
        return spans, -1  # dangling opener: the quote starts with the next paragraph
    if span := _span(text, open_at, end, False):
        spans.append(span)
    return spans, None


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Return the quoted spans of ``text`` in order, never failing on unbalanced marks.

    Args:
        text: an article's clean text (paragraphs separated by newlines).

    Returns:
        Spans of the quoted text without its marks, sorted by start.
    """
    spans: list[QuotedSpan] = []
    carry: int | None = None
    for para in PARAGRAPH_RE.finditer(text):
        if not para.group().strip():
            continue
        start = para.start() if carry == -1 else None
        found, carry = _paragraph_spans(text, para.start(), para.end(), start)
        spans.extend(found)
    return sorted(spans)
