"""From the tagger's BIO tags to attributions: spans, then each content linked to a cue and a source.

PolNeAR's tags say which tokens are a source, a cue or a content, not which belong together, so
the links are made here from the parse and the distance: a content takes the cue the parse links
it to ("said" governing the clause, or the clause governing a postposed "he said"), else the
nearest cue of its sentence, else of its paragraph ('"...," he said. "..."' continues); a cue takes
the source that is its subject, else the nearest source of its sentence.
"""

from __future__ import annotations

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


def _dominates(top: Token, token: Token, depth: int = 8) -> bool:
    for _ in range(depth):
        if token.i == top.i:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _distance(a: TaggedSpan, b: TaggedSpan) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def _nearest(doc: Doc, target: TaggedSpan, options: list[TaggedSpan], anchor: Token) -> TaggedSpan | None:
    """The option the parse links to ``anchor`` (either way), else the nearest in its sentence."""
    linked = [
        o for o in options if _dominates(span_root(doc, o), anchor) or _dominates(anchor, span_root(doc, o))
    ]
    sentence = anchor.sent
    same = [o for o in options if sentence.start <= o.start < sentence.end]
    pool = linked or same
    return min(pool, key=lambda o: (_distance(target, o), o.start)) if pool else None


def link(doc: Doc, spans: Sequence[TaggedSpan]) -> list[Linked]:
    """Each content span of one paragraph with its cue and source."""
    cues = [s for s in spans if s.role == "CUE"]
    sources = [s for s in spans if s.role == "SRC"]
    linked: list[Linked] = []
    for content in (s for s in spans if s.role == "CON"):
        root = span_root(doc, content)
        cue = _nearest(doc, content, cues, root)
        if cue is None and linked and linked[-1].cue is not None:
            cue = linked[-1].cue  # '"...," he said. "..."': the next piece continues
        source = None
        if cue is not None:
            source = _nearest(doc, cue, sources, span_root(doc, cue))
        elif sources:
            source = _nearest(doc, content, sources, root)
        linked.append(Linked(content, cue, source))
    return linked
