"""Cross-document evidence: the lines a source prints on many different stories.

A line a site prints under many of its articles (a disclaimer, a credit) is furniture however it
is worded, which pattern rules cannot know. But the same wire story arrives three times from
three feeds, and then every line of it "repeats across three documents": counting documents ate
the story. So a line counts as repeated only across *stories*: documents whose texts share at
least ``SAME_STORY_CONTAINMENT`` of the shorter one's word shingles are one story (a syndicated
copy, a corrected version), and duplicate detection, not line removal, deals with them.

The decision is a function of the set of documents only (never of their order or of how they were
split into batches): stories are found greedily over the documents sorted by id, and the pipeline
re-cleans an already loaded document whenever a new batch changes which of its lines repeat.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping

from newsetl.clean.lines import normalise_line, words

SHINGLE_WORDS = 3
# Share of the shorter text's 3-word shingles found in the longer one from which two documents are
# one story. Copies share nearly everything, whatever was added at the end; rewrites of one story
# (the three reading levels of a OneStopEnglish article) share 0.38 or more in 95 % of pairs;
# different stories of one outlet share their furniture lines and stock phrases: at most 0.20
# between the five seed articles, all on the same Libya talks, 0.02 between unrelated stories.
SAME_STORY_CONTAINMENT = 0.25


def line_keys(text: str) -> frozenset[str]:
    """Normalised non-blank lines of a text (the unit of cross-document evidence)."""
    return frozenset(normalise_line(line) for line in text.split("\n") if line.strip())


def shingles(text: str) -> frozenset[int]:
    """Hashed runs of ``SHINGLE_WORDS`` case-folded words (the whole text when it is shorter)."""
    tokens = [w.casefold() for w in words(text)]
    runs = [tokens[i:i + SHINGLE_WORDS] for i in range(max(1, len(tokens) - SHINGLE_WORDS + 1))]
    return frozenset(int.from_bytes(hashlib.blake2b(" ".join(r).encode(), digest_size=8).digest(), "big")
                     for r in runs if r)


def same_story(a: str, b: str) -> bool:
    """Whether two texts are copies of one story: most of the shorter one is in the longer one."""
    return _same_story(shingles(a), shingles(b))


def _same_story(first: frozenset[int], second: frozenset[int]) -> bool:
    smaller = min(len(first), len(second))
    return smaller > 0 and len(first & second) / smaller >= SAME_STORY_CONTAINMENT


def repeated_across_stories(texts: Mapping[str, str], *, min_stories: int) -> frozenset[str]:
    """Normalised lines that occur in at least ``min_stories`` different stories.

    Args:
        texts: document id -> text, the documents of one source.
        min_stories: how many different stories a line must be printed in to be furniture.

    The documents holding a line are compared without that line ("otherwise different"), visited
    in id order: each one joins the first story holding a document it is a copy of, or starts a
    new one. Ids are content hashes, so the answer depends on which
    documents there are, not on when they came.
    """
    holders: dict[str, list[str]] = defaultdict(list)
    for document_id in sorted(texts):
        for key in line_keys(texts[document_id]):
            holders[key].append(document_id)
    repeated = set()
    for key, ids in holders.items():
        if len(ids) < min_stories:
            continue
        # Bodies "otherwise": each text without the line in question, shingled once per document
        # and line when first compared (shingling both texts of every pair again, and every holder
        # when three stories are found among the first few, was 21 s of a 1,000-document run).
        rest: dict[str, frozenset[int]] = {}
        stories: list[list[str]] = []
        for document_id in ids:
            body = _body(texts, key, document_id, rest)
            story = next((s for s in stories if any(_same_story(body, _body(texts, key, m, rest)) for m in s)), None)
            if story is not None:
                story.append(document_id)
                continue
            stories.append([document_id])
            if len(stories) >= min_stories:
                repeated.add(key)
                break
    return frozenset(repeated)


def _body(texts: Mapping[str, str], key: str, document_id: str, done: dict[str, frozenset[int]]) -> frozenset[int]:
    """Shingles of a document without the line ``key``, kept in ``done`` for the next comparison."""
    if document_id not in done:
        done[document_id] = shingles(_without_line(texts[document_id], key))
    return done[document_id]


def _without_line(text: str, key: str) -> str:
    return "\n".join(line for line in text.split("\n") if normalise_line(line) != key)
