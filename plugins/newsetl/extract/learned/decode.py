"""From the tagger's BIO tags to attributions: spans, then each content linked to a cue and a source.

PolNeAR's tags say which tokens are a source, a cue or a content, not which belong together, so
the links are made here from the parse and the distance: a content takes the cue the parse links
it to ("said" governing the clause, or the clause governing a postposed "he said"), else the
nearest cue of its sentence, else of its paragraph ('"...," he said. "..."' continues); a cue takes
the source that is its subject, else the nearest source of its sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

from spacy.tokens import Doc, Token

ROLES = ("SRC", "CUE", "CON")


class TaggedSpan(NamedTuple):
    """A run of tokens with one role: [start, end) token indices."""

    role: str
    start: int
    end: int


class Linked(NamedTuple):
    """A content span with the cue and source spans it was linked to (None when there is none)."""

    content: TaggedSpan
    cue: TaggedSpan | None
    source: TaggedSpan | None


def tagged_spans(indices: Sequence[int], tags: Sequence[str]) -> list[TaggedSpan]:
    """Runs of one role in a paragraph's tags; a B- tag or a change of role starts a new run."""
    spans: list[TaggedSpan] = []
    role, start, last = None, 0, 0
    for i, tag in zip(indices, tags, strict=True):
        kind = tag[2:] if tag != "O" else None
        if role is not None and (kind != role or tag.startswith("B-")):
            spans.append(TaggedSpan(role, start, last + 1))
            role = None
        if kind is not None and role is None:
            role, start = kind, i
        last = i
    if role is not None:
        spans.append(TaggedSpan(role, start, last + 1))
    return spans


def span_root(doc: Doc, span: TaggedSpan) -> Token:
    """The token of ``span`` whose head lies outside it (the first one, if several)."""
    for token in doc[span.start : span.end]:
        if not span.start <= token.head.i < span.end or token.head.i == token.i:
            return token
    return doc[span.start]


# How far up the parse one span's root may sit above the other's for the two to count as linked.
LINK_DEPTH = 8


def _chain(token: Token) -> list[int]:
    """``token`` and its heads, at most ``LINK_DEPTH`` of them: the tokens that dominate it."""
    chain = [token.i]
    while len(chain) < LINK_DEPTH and token.head.i != token.i:
        token = token.head
        chain.append(token.i)
    return chain


def _distance(a: TaggedSpan, b: TaggedSpan) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Per token: the token range of its sentence (``Token.sent`` walks every sentence per call)."""
    bounds: list[tuple[int, int]] = []
    for sent in doc.sents:
        bounds.extend([(sent.start, sent.end)] * len(sent))
    return bounds


class Options:
    """The spans of one role in a paragraph, indexed so that a lookup touches only its neighbours.

    Comparing every content with every cue of the paragraph was quadratic in a long one-line text
    (100k characters spent 34 s here): the spans linked to an anchor through the parse are found
    from the anchor's heads and the spans below it, and the nearest span of its sentence by a
    bisect over the spans' starts (the runs of one paragraph are disjoint and in order).
    """

    def __init__(self, doc: Doc, spans: Sequence[TaggedSpan]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.at_root: dict[int, TaggedSpan] = {}  # root token -> its span
        self.below: dict[int, list[TaggedSpan]] = {}  # token -> the spans whose root it dominates
        for span in self.spans:
            root = span_root(doc, span)
            self.at_root[root.i] = span
            for i in _chain(root):
                self.below.setdefault(i, []).append(span)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def linked(self, anchor: Token) -> list[TaggedSpan]:
        """The spans whose root dominates ``anchor`` or is dominated by it (within ``LINK_DEPTH``)."""
        above = [self.at_root[i] for i in _chain(anchor) if i in self.at_root]
        return above + self.below.get(anchor.i, [])

    def neighbours(self, target: TaggedSpan, start: int, end: int) -> list[TaggedSpan]:
        """The spans starting in tokens [start, end) nearest ``target`` on either side of it."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        at = bisect_left(self.starts, target.start, lo, hi)
        return self.spans[max(at - 1, lo) : min(at + 1, hi)]


def _nearest(
    target: TaggedSpan, options: Options, anchor: Token, sentences: list[tuple[int, int]]
) -> TaggedSpan | None:
    """The option the parse links to ``anchor`` (either way), else the nearest in its sentence."""
    pool = options.linked(anchor) or options.neighbours(target, *sentences[anchor.i])
    return min(pool, key=lambda o: (_distance(target, o), o.start)) if pool else None


def link(doc: Doc, spans: Sequence[TaggedSpan], sentences: list[tuple[int, int]] | None = None) -> list[Linked]:
    """Each content span of one paragraph with its cue and source (``sentences``: ``sentence_bounds``)."""
    sentences = sentences or sentence_bounds(doc)
    cues = Options(doc, [s for s in spans if s.role == "CUE"])
    sources = Options(doc, [s for s in spans if s.role == "SRC"])
    linked: list[Linked] = []
    source_of: dict[TaggedSpan, TaggedSpan | None] = {}  # a cue's source, once per cue
    for content in (s for s in spans if s.role == "CON"):
        root = span_root(doc, content)
        cue = _nearest(content, cues, root, sentences)
        if cue is None and linked and linked[-1].cue is not None:
            cue = linked[-1].cue  # '"...," he said. "..."': the next piece continues
        source = None
        if cue is not None:
            if cue not in source_of:
                source_of[cue] = _nearest(cue, sources, span_root(doc, cue), sentences)
            source = source_of[cue]
        elif sources:
            source = _nearest(content, sources, root, sentences)
        linked.append(Linked(content, cue, source))
    return linked
