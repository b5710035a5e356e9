"""Token features of the learned attribution tagger: the parse, the quotation marks and the rules.

The tagger labels every token of a paragraph as part of a source, a cue or a content (BIO),
like PolNeAR's one-tag-per-token annotation. It sees what the rule extractor sees and what it
decided: the word, lemma, part of speech and dependency of each token and its neighbours, whether
a quotation mark pair encloses it (``quote_marks``), whether it is a cue of the rule lexicon
(``cues.is_cue``), which cue governs it and through which dependency, and whether a rule quote
or a rule speaker covers it. So the rules become evidence the model weighs against the parse,
learned from the training split rather than tuned by hand: where a rule is reliable, its feature
earns a large weight; where PolNeAR counts what no rule names ("lifted sanctions", "backs"), the
words and the parse decide.

Features are plain strings (``"d=ccomp"``), the form ``pycrfsuite`` takes fastest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsetl.extract.cues import CueLexicon, is_cue
from newsetl.extract.quote_marks import find_quoted_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newsetl.records import Quote

# How far up the parse a token looks for the cue that governs it.
MAX_CUE_DEPTH = 6
# Which of a token's own features its neighbours see, by distance.
NEAR_KEYS = ("w", "l", "p", "d", "q", "c", "rc", "rs", "e", "a")
FAR_KEYS = ("w", "p", "q", "rc", "c")
WINDOW = ((-2, FAR_KEYS), (-1, NEAR_KEYS), (1, NEAR_KEYS), (2, FAR_KEYS))


def paragraphs(doc: Doc) -> list[list[int]]:
    """Token indices of each paragraph, whitespace tokens left out (the tagger's sequences)."""
    found: list[list[int]] = []
    current: list[int] = []
    for token in doc:
        if token.is_space:
            if "\n" in token.text and current:
                found.append(current)
                current = []
            continue
        current.append(token.i)
    if current:
        found.append(current)
    return found


def _flags(doc: Doc, ranges: Sequence[tuple[int, int]]) -> list[bool]:
    """Per token: inside one of the character ``ranges``."""
    flags = [False] * len(doc)
    for start, end in ranges:
        if end <= start:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            flags[span.start : span.end] = [True] * len(span)
    return flags


def _starts(doc: Doc, ranges: Sequence[tuple[int, int]]) -> set[int]:
    starts = set()
    for start, end in ranges:
        if end <= start:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            starts.add(span.start)
    return starts


def _governing_cue(token: Token, cue_flags: list[bool]) -> str:
    """The dependency through which the nearest cue above ``token`` reaches it, and on which side:
    "ccomp>" for a word of a clause after "said", "nsubj<" for the speaker before it."""
    child = token
    for _ in range(MAX_CUE_DEPTH):
        head = child.head
        if head.i == child.i:
            return ""
        if cue_flags[head.i]:
            return f"{child.dep_}{'<' if token.i < head.i else '>'}"
        child = head
    return ""


def _shape(token: Token) -> str:
    if token.is_upper and len(token) > 1:
        return "X"
    if token.is_title:
        return "Xx"
    if token.like_num:
        return "d"
    return "x" if token.is_alpha else "."


def token_features(doc: Doc, lexicon: CueLexicon, rule_quotes: Sequence[Quote]) -> list[dict[str, str]]:
    """Each token's own features, keyed by a short name (neighbours reuse them by key)."""
    quoted = find_quoted_spans(doc.text)
    inside = _flags(doc, [(s.start, s.end) for s in quoted])
    cue_flags = [is_cue(t, lexicon) for t in doc]
    rule_content = _flags(doc, [(q.start_char, q.end_char) for q in rule_quotes])
    rule_starts = _starts(doc, [(q.start_char, q.end_char) for q in rule_quotes])
    rule_type = {}
    for q in rule_quotes:
        span = doc.char_span(q.start_char, q.end_char, alignment_mode="expand") if q.end_char > q.start_char else None
        for i in range(span.start, span.end) if span is not None else ():
            rule_type[i] = q.quote_type
    speakers = [(q.speaker_start_char, q.speaker_end_char) for q in rule_quotes if q.speaker_start_char is not None]
    rule_speaker = _flags(doc, speakers)  # type: ignore[arg-type]
    feats = []
    for t in doc:
        f = {
            "w": t.lower_,
            "l": t.lemma_.lower(),
            "p": t.pos_,
            "t": t.tag_,
            "d": t.dep_,
            "s": _shape(t),
            "hl": t.head.lemma_.lower(),
            "hd": f"{t.dep_}:{t.head.pos_}",
            "q": "1" if inside[t.i] else "0",
            "c": "1" if cue_flags[t.i] else "0",
            "a": _governing_cue(t, cue_flags),
            "rc": ("B" if t.i in rule_starts else "I") if rule_content[t.i] else "0",
            "rt": rule_type.get(t.i, ""),
            "rs": "1" if rule_speaker[t.i] else "0",
            "e": t.ent_type_,
        }
        if t.is_sent_start:
            f["ss"] = "1"
        feats.append(f)
    return feats


def sequence_items(feats: Sequence[dict[str, str]], indices: Sequence[int]) -> list[list[str]]:
    """The tagger's input for one paragraph: each token's features and its neighbours'."""
    items = []
    n = len(indices)
    for k, i in enumerate(indices):
        own = feats[i]
        item = [f"{key}={value}" for key, value in own.items()]
        item.append(f"a|c={own['a']}|{own['c']}")
        for offset, keys in WINDOW:
            j = k + offset
            if 0 <= j < n:
                other = feats[indices[j]]
                item.extend(f"{offset}{key}={other[key]}" for key in keys)
            else:
                item.append(f"{offset}=edge")
        items.append(item)
    return items
