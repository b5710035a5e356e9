"""Decide, line by line, what is article text and what is page furniture.

Three kinds of evidence, each with a stable rule name for ``audit.boilerplate_removed``:
pattern rules from ``rules/boilerplate_lines.tsv``; the shape of a line and its place on the page
(a trailing tag list, the block after a footer heading, an unpunctuated subheading, a byline that
repeats within one page); and repetition across different stories of one source
(``newsetl.clean.evidence``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from newsetl.clean.rules import line_rules

# A line ending with one of these reads as a sentence (a dangling opening quote mark included:
# a quote that continues in the next paragraph leaves its mark at the end of this one).
# Arabic and Urdu question marks and full stops, the CJK full stop and marks, and the Devanagari
# danda end sentences too: an Arabic question ending a text made it a "headline" with no body.
SENTENCE_END = re.compile(r"""[.!?…:;"“”'‘’»«)\]؟۔。！？।]\s*$""")
WORD = re.compile(r"\w+(?:['’.-]\w+)*")
# "Russia, Libya, Syria": the topic tags some sites print under an article.
TAG_LIST = re.compile(r"^[\w'’.-]+(?: [\w'’.-]+){0,3}(?:\s*[,;|]\s*[\w'’.-]+(?: [\w'’.-]+){0,3}){1,}$")
# Footer headings after which a pasted page holds only navigation and publisher notices.
FOOTER_RULES = frozenset({"navigation", "newsletter_prompt", "app_badge", "legal_notice"})
SUBHEADING_MAX_WORDS = 10


def words(line: str) -> list[str]:
    return WORD.findall(line)


def is_sentence(line: str) -> bool:
    return SENTENCE_END.search(line) is not None


def normalise_line(line: str) -> str:
    """Comparison form of a line: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", line).casefold().split())


def pattern_rule(line: str) -> str | None:
    """Name of the first pattern rule that matches the line, if any."""
    count = len(words(line))
    for rule in line_rules():
        if rule.matches(line, count):
            return rule.name
    return None


def is_tag_list(line: str) -> bool:
    """A comma-separated list of capitalised names without a verb or sentence punctuation."""
    if is_sentence(line) or not TAG_LIST.match(line):
        return False
    return all(word[:1].isupper() or word[:1].isdigit() for word in words(line))


def is_short_unpunctuated(line: str, max_words: int = SUBHEADING_MAX_WORDS) -> bool:
    return 0 < len(words(line)) <= max_words and not is_sentence(line)


def bylines_in_document(lines: Sequence[str]) -> frozenset[str]:
    """Short unpunctuated lines printed more than once on one page (a repeated byline)."""
    counts = Counter(normalise_line(line) for line in lines if is_short_unpunctuated(line, 12))
    return frozenset(line for line, n in counts.items() if n >= 2)
