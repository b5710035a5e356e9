"""Cut a document into articles: headline, body without boilerplate, one article per report.

A pasted page is a headline, a blank line and paragraphs; some pages hold several short reports,
each with its own headline followed by the site's byline ("The Address | Benghazi – Libya" style),
and some sites glue that byline onto the first headline. Every removed line is kept, with the rule
that removed it, in ``CleanArticle.removed``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from newsetl.clean.lines import (
    FOOTER_RULES,
    bylines_in_document,
    is_sentence,
    is_short_unpunctuated,
    is_tag_list,
    normalise_line,
    pattern_rule,
    words,
)
from newsetl.records import Block, CleanArticle, RawDocument, RemovedLine

HEADLINE_MAX_WORDS = 25
OPENING_QUOTE = re.compile(r"""^["“„«‘']""")
TITLE_SEPARATOR = re.compile(r"\s+\|\s+")
# The footer block is only looked for in the last part of a page: a "Related" heading near the
# top is navigation too, but what follows it there is the article.
FOOTER_SEARCH_FROM = 0.5
# A live-blog entry opens with its time: "7h18 - ...", "1.30 Uhr: ...", "10:45 a.m. - ...".
ENTRY_HEAD = re.compile(r"^(?:\d{1,2}[:.h]\d{2}\s*(?:uhr|h|[ap]\.?m\.?)?|\d{1,2}\s*(?:uhr|h|[ap]\.?m\.?))"
                        r"\s*[-–—:|]\s*\S", re.IGNORECASE)
# Rules for pasted text that a page's extracted text does without. A repeated short line inside
# trafilatura's text is a list item or an embedded post, not a byline (on the 181 pages of the
# article-extraction benchmark, 164 of the 193 lines it removed were body text), and a line of
# underscores there is a separator the page's own body holds.
TEXT_ONLY_RULES = frozenset({"repeated_byline", "markup_residue"})
# Audit rule of the headline of a report that has no body (see ``_fold_empty_parts``).
HEADLINE_WITHOUT_BODY = "headline_without_body"


def is_headline(line: str) -> bool:
    """A short line that reads as a title: unpunctuated, or mostly capitalised words."""
    tokens = words(line)
    if not tokens or len(tokens) > HEADLINE_MAX_WORDS or OPENING_QUOTE.match(line):
        return False
    if not is_sentence(line):
        return True
    long_words = [t for t in tokens if len(t) > 3]
    capitalised = sum(t[0].isupper() for t in long_words)
    return bool(long_words) and capitalised / len(long_words) >= 0.6 and line.count(". ") == 0


def _classify(lines: Sequence[str], source_repeats: frozenset[str], *, from_page: bool) -> dict[int, str]:
    """Rule name for every line that is boilerplate by pattern or repetition."""
    bylines = frozenset() if from_page else bylines_in_document(lines)
    rule_of: dict[int, str] = {}
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        key = normalise_line(text)
        rule = ("repeated_byline" if key in bylines
                else "repeated_in_source" if key in source_repeats else pattern_rule(text))
        if from_page and rule in TEXT_ONLY_RULES:
            continue
        if rule:
            rule_of[i] = rule
    return rule_of


def _mark_footer_and_tags(lines: Sequence[str], rule_of: dict[int, str], *, from_page: bool) -> None:
    """Everything after a footer heading near the end is footer; a trailing tag list is tags.

    Not the footer block on a page's extracted text: trafilatura has already cut the page's
    footer, and what follows a "Related" line inside its text is body as often as not.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    tail = filled[int(len(filled) * FOOTER_SEARCH_FROM):]
    heading = None if from_page else next((i for i in tail if rule_of.get(i) in FOOTER_RULES), None)
    if heading is not None:
        for i in filled:
            if i > heading:
                rule_of.setdefault(i, "after_footer_heading")
    for i in reversed(filled):
        if i in rule_of:
            continue
        if not is_tag_list(lines[i].strip()):
            break
        rule_of[i] = "tag_list"


def _part_starts(lines: Sequence[str], rule_of: dict[int, str], has_title: bool) -> list[int]:
    """Line numbers of report headlines: the first line, and each headline set above a byline."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    starts = []
    # A text of one kept line is its own body, however short: a headline needs a body below it.
    kept_after_first = any(i not in rule_of for i in filled[1:])
    if (filled and not has_title and filled[0] not in rule_of and kept_after_first
            and is_headline(lines[filled[0]].strip())):
        starts.append(filled[0])
    for previous, current in zip(filled, filled[1:], strict=False):
        if (rule_of.get(current) == "repeated_byline" and previous not in rule_of
                and previous not in starts and is_headline(lines[previous].strip())):
            starts.append(previous)
    return starts


def clean_title(title: str, furniture: frozenset[str]) -> str:
    """Drop a site name or byline glued onto the end of a headline.

    "... on Ceasefire Address | Benghazi – Libya" ends with most of the page's byline
    "The Address | Benghazi – Libya": the longest shared word suffix (two words at least) goes.
    """
    title_words = title.split()
    for line in furniture:
        line_words = line.split()
        shared = 0
        while (shared < min(len(line_words), len(title_words) - 1)
               and title_words[-1 - shared].casefold() == line_words[-1 - shared]):
            shared += 1
        if shared >= 2:
            title_words = title_words[:-shared]
    cleaned = " ".join(title_words)
    parts = TITLE_SEPARATOR.split(cleaned)
    return parts[0] if len(parts) > 1 and len(words(parts[0])) >= 3 else cleaned


def _block_kinds(lines: Sequence[str], rule_of: dict[int, str], starts: Sequence[int]) -> dict[int, str]:
    """Kind of every kept line that is not a paragraph: section headings and live-blog entry heads.

    Plain text cannot mark a subheading ("Observation mission under discussion") or the head of a
    live-blog entry ("7h18 - ...", "1.30 Uhr: ..."); both are part of the article, so they stay in
    ``clean_text`` and are marked here. A heading is a short unpunctuated line between
    paragraphs that starts with a capital or a digit (a line that starts in lower case, or ends
    with a comma, is a sentence broken across lines).
    """
    filled = [i for i, line in enumerate(lines) if line.strip() and i not in rule_of]
    kinds = {}
    for i in filled:
        text = lines[i].strip()
        if ENTRY_HEAD.match(text):
            kinds[i] = "entry_head"
        elif (i not in starts and i != filled[-1] and is_short_unpunctuated(text)
              and (text[:1].isupper() or text[:1].isdigit()) and not text.endswith(",")):
            kinds[i] = "heading"
    return kinds


def _body(lines: Sequence[tuple[int, str]], kinds: dict[int, str]) -> tuple[str, tuple[Block, ...]]:
    """Kept lines, paragraphs separated by one blank line, offsets stable for the NLP stage.

    Args:
        lines: (line number, text) of the article's lines, blank for a removed line.
        kinds: block kind by line number (``paragraph`` when absent).

    Returns:
        The text, and one block per kept line with its offsets into the text.
    """
    pieces: list[str] = []
    blocks: list[Block] = []
    position, gap = 0, False
    for number, line in lines:
        text = line.strip()
        if not text:
            gap = True
            continue
        separator = "" if not pieces else "\n\n" if gap else "\n"
        pieces += [separator, text]
        position += len(separator)
        blocks.append(Block(len(blocks), kinds.get(number, "paragraph"), position, position + len(text)))
        position += len(text)
        gap = False
    return "".join(pieces), tuple(blocks)


def clean_document(document: RawDocument, *, source_repeats: frozenset[str] = frozenset()
                   ) -> list[CleanArticle]:
    """Split a document into articles with boilerplate removed.

    Args:
        document: the decoded document; its own ``title`` (from HTML or JSON) wins over a first line.
        source_repeats: normalised lines repeated across different stories of the same source
            (see ``newsetl.clean.evidence``).

    Returns:
        One article per report, in page order; empty when nothing but boilerplate is left.
    """
    lines = document.text.split("\n")
    from_page = document.extractor is not None
    rule_of = _classify(lines, source_repeats, from_page=from_page)
    _mark_footer_and_tags(lines, rule_of, from_page=from_page)
    starts = _part_starts(lines, rule_of, has_title=document.title is not None)
    kinds = _block_kinds(lines, rule_of, starts)
    furniture = frozenset(normalise_line(lines[i]) for i, r in rule_of.items() if r.startswith("repeated"))
    bounds = [0, *[s for s in starts if s > 0], len(lines)] if starts[:1] != [0] else [*starts, len(lines)]
    articles = []
    for number, (begin, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        headline = lines[begin].strip() if begin in starts else None
        body_lines = [(i, line if i not in rule_of else "") for i, line in enumerate(lines[begin:end], begin)
                      if i != begin or headline is None]
        title = clean_title(headline, furniture) if headline else document.title if number == 0 else None
        removed = [RemovedLine(i, lines[i].strip(), rule_of[i]) for i in range(begin, end) if i in rule_of]
        body, blocks = _body(body_lines, kinds)
        if headline and not body:
            removed.insert(0, RemovedLine(begin, headline, HEADLINE_WITHOUT_BODY))
        articles.append(CleanArticle(
            document_id=document.document_id, source_part=number, title=title, clean_text=body,
            raw_char_count=sum(len(line) + 1 for line in lines[begin:end]), removed=tuple(removed), blocks=blocks,
        ))
    return _fold_empty_parts(articles)


def _fold_empty_parts(articles: Sequence[CleanArticle]) -> list[CleanArticle]:
    """Drop reports without a body, handing their removed lines to the article before them.

    A page can end with a teaser: a headline and the repeated byline, no text. It is no article,
    but dropping it also dropped its audit rows, so those lines vanished without a trace (found
    by the accounting property in ``tests/reliability/test_fuzz.py``).
    """
    kept: list[CleanArticle] = []
    pending: list[RemovedLine] = []
    for article in articles:
        if not article.clean_text:
            if kept:
                kept[-1] = replace(kept[-1], removed=(*kept[-1].removed, *article.removed))
            else:
                pending += article.removed
            continue
        kept.append(replace(article, removed=(*pending, *article.removed)) if pending else article)
        pending = []
    return kept
