"""Pass 1, clauses: one candidate per reporting cue outside quotation marks, its content found by
the first rule of ``CUE_RULES`` that finds one (a complement clause, the clause before a
postposed "X said", around "as X said" or a parenthetical "he said", then an object), or around
"according to X", or the paragraph after "X added:"."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from newsetl.extract.columns import CueFlags
from newsetl.extract.cues import CueLexicon, is_preposition_cue
from newsetl.extract.quotes.boundaries import (
    before_next_report,
    block_after_colon,
    in_paragraph,
    in_semicolons,
    sentence_end,
    trim,
)
from newsetl.extract.quotes.cue_objects import agentless_passive, object_content
from newsetl.extract.quotes.parse import CONTENT_DEPS, Candidate, cue_subject, has_doer, has_subject, is_noun
from newsetl.extract.speakers import OBJECT_DEPS

POSTPOSED_DEPS = frozenset({"parataxis", "advcl", "conj"})


def _marked_clause(cue: Token, lexicon: CueLexicon) -> Token | None:
    """A "that"-clause the parser hung below the cue by another route than ``ccomp``.

    "expressed hope that the conference would..." (under the object), and "Lavrov added, after
    a day of talks between ..., Fayez al-Sarraj, that no final results had been reached" (parsed
    as a relative clause of the last name). No other verb may stand between clause and cue.
    """
    for token in cue.subtree:
        marked = any(c.dep_ == "mark" and c.lower_ in lexicon.quote_words.complementizers for c in token.children)
        if token.i == cue.i or not marked or token.pos_ not in ("VERB", "AUX"):
            continue
        head = token.head
        while head.i != cue.i and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.i == cue.i:
            return token
    return None


def _content_clause(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """The token range of what ``cue`` reports: its complement clause."""
    # "wrote in the early morning hours that the mayor was ...", parsed as an adverbial clause
    clauses = [
        c for c in cue.children if c.dep_ in CONTENT_DEPS or (c.dep_ == "advcl" and c.left_edge.lower_ == "that")
    ]
    after = [c for c in clauses if c.i > cue.i]
    clause = (after or clauses or [None])[0] or _marked_clause(cue, lexicon)
    if clause is not None:
        return clause.left_edge.i, before_next_report(clause, cue, lexicon)
    return None


def _postposed_content(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """The clause before a postposed cue: "Haftar will not sign the ceasefire proposal, the source
    said." """
    head = cue.head
    # "although they ...", "and officials praised ...": a clause of its own, not a postposed report
    subordinate = any(c.dep_ == "mark" and c.lower_ != "as" for c in cue.children)
    coordinated = cue.left_edge.i > 0 and cue.doc[cue.left_edge.i - 1].dep_ == "cc"
    # "..., as she tries to set herself apart", "as she called for the passage of ..." act on
    # something of their own: not a report of the clause before
    own_object = any(
        c.dep_ in OBJECT_DEPS or c.dep_ == "xcomp" or (c.dep_ == "prep" and (cue.lemma_, c.lower_) in lexicon.phrases)
        for c in cue.children
    )
    postposed = cue.dep_ in POSTPOSED_DEPS and head.i < cue.i and head.pos_ in ("VERB", "AUX") and not own_object
    if postposed and not (subordinate or coordinated):
        # "Haftar will not sign the ceasefire proposal, the source said." parsed with "said"
        # hanging from "sign": the content is the head clause up to the cue's own phrase,
        # which must close the sentence and have its own subject.
        closes = all(t.is_punct or t.is_space for t in cue.doc[cue.right_edge.i + 1 : cue.sent.end])
        if closes and has_subject(cue):
            return head.left_edge.i, cue.left_edge.i
    return None


def _as_clause_content(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """The clause an "as X said" comments on: "As many legal scholars have pointed out, the mayor is
    free to publish the contracts" (fronted: the rest of the clause) and "The valley, as one
    farmer pointed out, rarely floods twice in a year" (inside: the whole clause, which
    :func:`quote_type` reads without the cue's words)."""
    head = cue.head
    marked = any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    if cue.dep_ != "advcl" or not marked or head.pos_ not in ("VERB", "AUX") or head.i < cue.i:
        return None
    if not has_subject(cue):
        return None
    start = head.left_edge.i
    if start >= cue.left_edge.i:  # fronted: the content starts after the cue's phrase
        start = cue.right_edge.i + 1
        while start < head.i and cue.doc[start].is_punct:
            start += 1
    return start, head.right_edge.i + 1


def _around_parenthetical(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """The clause around a parenthetical cue: "The mill was a giant, Ms. Varga said, until it
    closed", "But to avoid delays, he said, the council should vote this week".

    The content is split by the cue; one record cannot hold two pieces, so the whole clause is
    returned and :func:`quote_type` skips the cue's own words.
    """
    head = cue.head
    if cue.dep_ != "parataxis" or head.pos_ not in ("VERB", "AUX"):
        return None
    if not has_subject(cue):
        return None
    # "Though that move was smooth, he said, closing the plant would be ...": the cue
    # closes a fronted subordinate clause; the sentence it belongs to goes on after it
    if head.dep_ == "advcl" and head.right_edge.i <= cue.right_edge.i + 1 and head.head.i > cue.i:
        head = head.head
    start, end = head.left_edge.i, head.right_edge.i + 1
    if not start < cue.left_edge.i <= cue.right_edge.i < end - 1:
        return None
    return start, end


def _preposition_content(cue: Token) -> tuple[tuple[int, int], Token | None] | None:
    """Content and source of "according to X, ..." / "..., selon X": the clause minus the cue.

    At the start or the end of a sentence the content is the rest of the sentence, whatever the
    parse: the small models sometimes make "According" a root verb, or end the clause early
    ("Selon le Kremlin, Poutine a informé Angela Merkel ..." with "Angela" a second root).
    """
    if cue.dep_ == "case":  # French: "selon" hangs from the source noun
        source, phrase = cue.head, cue.head
    else:
        obj = next((c for c in cue.subtree if c.dep_ in ("pobj", "obj")), None)
        source, phrase = obj, cue
    if source is None:
        return None
    doc, sent = cue.doc, cue.sent
    p_start, p_end = phrase.left_edge.i, phrase.right_edge.i + 1
    if all(t.is_punct or t.is_space for t in doc[sent.start : p_start]):
        end = sentence_end(sent)
        comma = next((t.i for t in doc[source.i : end] if t.text == ","), p_end - 1)
        return (comma + 1, end), source
    if all(t.is_punct or t.is_space for t in doc[p_end : sent.end]):
        return (sent.start, p_start), source
    clause = phrase.head
    if clause.i == phrase.i:
        return None
    start, end = clause.left_edge.i, clause.right_edge.i + 1
    if p_start <= start:
        start = p_end
    elif p_end >= end:
        end = p_start
    return (start, end), source


def _participle_modifier(cue: Token, lexicon: CueLexicon) -> bool:
    """"..., compared with 32 percent", "regarding Muslims": a participle used as a preposition,
    with no speaker of its own."""
    if cue.tag_ not in ("VBN", "VBG") or cue.lower_ in lexicon.quote_words.preposition_cues:  # "according to" reports
        return False
    return cue.dep_ == "prep" and not has_doer(cue)


def _that_said(cue: Token) -> bool:
    """"That said, the government have argued ...": a connective, not a report."""
    doc = cue.doc
    return (
        cue.i > 0
        and cue.i + 1 < len(doc)
        and doc[cue.i - 1].lower_ in ("that", "this")  # an English idiom, kept literal
        and doc[cue.i - 1].i == cue.sent.start
        and doc[cue.i + 1].text == ","
    )


def _imperative(cue: Token) -> bool:
    """"Note that ...", "Imagine what ...": the writer addressing the reader, nobody reporting."""
    return cue.tag_ == "VB" and cue.i == cue.sent.start and not has_subject(cue)


# The rules that find a cue's content, tried in this order; the first that finds one names the row
# (fct_quotes.extraction_method). "object" contents may be one word long ("has endorsed Trump").
CUE_RULES: tuple[tuple[str, str, Callable[[Token, CueLexicon], tuple[int, int] | None]], ...] = (
    ("cue_clause", "clause", _content_clause),
    ("postposed_cue", "clause", _postposed_content),
    ("as_cue", "clause", _as_clause_content),
    ("parenthetical_cue", "clause", _around_parenthetical),
    ("cue_object", "object", object_content),
    ("agentless_passive", "object", agentless_passive),
)


def _cue_content(token: Token, lexicon: CueLexicon) -> tuple[tuple[int, int], str, str] | None:
    """The content a cue reports, the kind of content and the rule that found it."""
    for rule, source, finder in CUE_RULES:
        span = finder(token, lexicon)
        if span is not None:
            return span, source, rule
    return None


def clause_candidates(doc: Doc, lexicon: CueLexicon, inside: list[bool]) -> list[Candidate]:
    """Pass 1: one candidate per cue outside quotation marks that governs a content clause."""
    found = []
    cues = CueFlags.of(doc, lexicon)
    # a Token only for the words whose attributes allow a cue
    for token in (doc[i] for i in range(len(doc)) if not inside[i] and cues.could_be(i)):
        if not cues[token.i] or _participle_modifier(token, lexicon):
            continue
        if _imperative(token) or _that_said(token):
            continue
        if is_preposition_cue(token, lexicon):
            got = _preposition_content(token)
            if got is not None:
                span, source = got
                found.append(
                    Candidate(*trim(doc, *in_paragraph(token, *span)), token, source, "clause", "according_to")
                )
            continue
        content = _cue_content(token, lexicon)
        if content is None and (block := block_after_colon(token, inside)) is not None:
            found.append(Candidate(*trim(doc, *block), token, cue_subject(token, lexicon), "clause", "colon_block"))
            continue
        if content is not None:
            span, source, rule = content
            span = in_semicolons(token, *in_paragraph(token, *span), inside)
            found.append(Candidate(*trim(doc, *span), token, cue_subject(token, lexicon), source, rule))
    # one word is content only as a reported object: "Cruz has endorsed Trump"
    return [c for c in found if c.end - c.start >= 2
            or (c.end > c.start and c.source == "object" and is_noun(doc[c.start]))]
