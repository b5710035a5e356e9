"""Passes 2 and 3: quotations no clause covers, attributed to a cue in or before their sentence,
to a dash signature or a transcript label, else, when a whole quoted sentence, to the previous
speaker (floating)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsetl.extract.cues import CueLexicon, is_cue, is_preposition_cue
from newsetl.extract.quote_marks import QuotedSpan
from newsetl.extract.quotes.boundaries import restrictive_end
from newsetl.extract.quotes.parse import OBJECT_CONTENT_DEPS, Candidate, is_line_break, is_word
from newsetl.extract.speakers import subject_of

DASH_CHARS = frozenset("—―–-")


MIN_FLOATING_WORDS = 5  # a quoted sentence shorter than this is a title or scare quote


MIN_ADJACENT_WORDS = 3


MAX_TITLE_WORDS = 6


def quote_token_ranges(doc: Doc, spans: list[QuotedSpan]) -> dict[QuotedSpan, tuple[int, int]]:
    """Token ranges of the quoted spans (the tokens the span touches)."""
    ranges = {}
    for span in spans:
        sp = doc.char_span(span.start, span.end, alignment_mode="expand")
        if sp is not None and len(sp):
            ranges[span] = (sp.start, sp.end)
    return ranges


def inside_flags(n_tokens: int, ranges: list[tuple[int, int]]) -> list[bool]:
    inside = [False] * n_tokens
    for start, end in ranges:
        inside[start:end] = [True] * (end - start)
    return inside


def _nearest_cue(tokens: list[Token], lexicon: CueLexicon, inside: list[bool]) -> Token | None:
    """The first reporting verb (not quoted, not a preposition) among ``tokens``."""
    for token in tokens:
        if not inside[token.i] and not is_preposition_cue(token, lexicon) and is_cue(token, lexicon):
            return token
    return None


def _cue_for_quote(
    doc: Doc, sents: list[Span], sent_of: list[int], q: tuple[int, int], ctx: tuple[CueLexicon, list[bool]]
) -> Token | None:
    """A cue for a quotation: after it in its sentence (``,” said X``), before it (``X said,
    “``), or at the end of the sentence before (``Lavrov told reporters:`` + a new paragraph)."""
    lexicon, inside = ctx
    q_start, q_end = q
    end_sent, start_sent = sents[sent_of[q_end - 1]], sents[sent_of[q_start]]
    cue = _nearest_cue(list(doc[q_end : end_sent.end]), lexicon, inside)
    if cue is None:
        cue = _nearest_cue(list(doc[start_sent.start : q_start])[::-1], lexicon, inside)
    if cue is None and sent_of[q_start] > 0 and doc[start_sent.start - 1].text == ":":
        prev = sents[sent_of[q_start] - 1]
        cue = _nearest_cue(list(prev)[::-1], lexicon, inside)
    return cue


def _starts_sentence(doc: Doc, sents: list[Span], sent_of: list[int], q_start: int) -> bool:
    first = sents[sent_of[q_start]].start
    return all(doc[i].is_punct or doc[i].is_space for i in range(first, q_start))


def _is_title(quoted: Span) -> bool:
    """A quoted name of a show, book or series: “Fox News Sunday”, "Face the Nation", ''Women
    in Power'': every word capitalised but the short function words, no sentence punctuation."""
    words = [t for t in quoted if t.is_alpha]
    inner = [t for t in quoted if not t.is_quote]
    # a closing period may sit inside the marks (“State of the Union.”); any other ends a sentence
    if not words or len(words) > MAX_TITLE_WORDS or any(t.text in ".!?" for t in inner[:-1]):
        return False
    return words[0].is_title and all(t.is_title or t.is_stop for t in words) and len(words) > 1


def _name_after_dash(doc: Doc, q_end: int) -> Token | None:
    """The name a quotation is signed with: “...” ― Sonya Herridge, at the end of its line (the
    last word of the name, as a subject token)."""
    i = q_end
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space) and doc[i].text[-1] not in DASH_CHARS:
        i += 1
    # a dash token, or one the tokenizer left glued to the closing mark ("”―")
    if i >= len(doc) or doc[i].text[-1] not in DASH_CHARS:
        return None
    i += 1
    while i < len(doc) and doc[i].is_space and not is_line_break(doc[i]):
        i += 1
    name = []
    for token in doc[i:]:
        initial = len(token.text) <= 2 or token.text.endswith(".")  # "Edwin G. Monroy", "Christina N Luis"
        if not (token.pos_ == "PROPN" or (token.text[:1].isupper() and initial)):
            break
        name.append(token)
    after = doc[name[-1].i + 1] if name and name[-1].i + 1 < len(doc) else None
    ends_line = after is None or "\n" in after.text or after.text in (".", ",")
    return name[-1] if name and ends_line else None


def _transcript_label(doc: Doc, q_start: int, q_end: int) -> tuple[Token, int] | None:
    """A transcript's speaker label opening a quotation: "WALLACE: Let's start ...", "PENCE:
    Well, look ..." (one to three capitalised name words and a colon). Returns the label's last
    word and where the words spoken begin."""
    for colon in range(q_start + 1, min(q_start + 4, q_end - 3)):
        if doc[colon].text == ":":
            label = doc[q_start:colon]
            if all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in label):
                return label[-1], colon + 1
            return None
    return None


def _phrase_around(cue: Token, q_start: int, q_end: int) -> tuple[int, int] | None:
    """The object phrase of ``cue`` a short quotation sits in: "referenced “growing tensions” in
    coastal towns that are driving rents higher" reports the whole phrase."""
    for child in cue.rights:
        if child.left_edge.i <= q_start and q_end <= child.right_edge.i + 1:
            if child.dep_ not in OBJECT_CONTENT_DEPS:
                return None
            return child.left_edge.i, max(q_end, restrictive_end(child))
    return None


def mark_candidates(
    doc: Doc, sents: list[Span], free: list[tuple[int, int]], lexicon: CueLexicon, inside: list[bool]
) -> list[Candidate]:
    """Passes 2 and 3: quotations no clause covers, by a nearby cue, else as floating quotes."""
    sent_of = [0] * len(doc)
    for k, sent in enumerate(sents):
        sent_of[sent.start : sent.end] = [k] * len(sent)
    found = []
    for q_start, q_end in free:
        n_words = sum(is_word(t) for t in doc[q_start:q_end])
        if _is_title(doc[q_start:q_end]) or (n_words == 1 and any(t.pos_ == "PRON" for t in doc[q_start:q_end])):
            continue
        signed = _name_after_dash(doc, q_end)
        if signed is not None:  # “...” ― Sonya Herridge
            found.append(Candidate(q_start, q_end, None, signed, "marks", "signed_quotation"))
            continue
        labelled = _transcript_label(doc, q_start, q_end)
        if labelled is not None:  # "WALLACE: Let's start with ..."
            label, content_start = labelled
            found.append(Candidate(content_start, q_end, None, label, "labelled", "transcript_label"))
            continue
        cue = _cue_for_quote(doc, sents, sent_of, (q_start, q_end), (lexicon, inside))
        # a short quotation needs a parse link to its cue ("described ... as “serious”"):
        # a short one merely near a cue is usually a scare quote
        linked = cue is not None and cue.left_edge.i <= q_start < cue.right_edge.i
        phrase = _phrase_around(cue, q_start, q_end) if linked and n_words < MIN_ADJACENT_WORDS else None
        if phrase is not None:  # called men derogatory names, like "pigs"
            found.append(Candidate(*phrase, cue, subject_of(cue), "clause", "quoted_phrase"))
        elif cue is not None and (n_words >= MIN_ADJACENT_WORDS or linked):
            found.append(Candidate(q_start, q_end, cue, subject_of(cue), "marks", "quotation_cue"))
        elif n_words >= MIN_FLOATING_WORDS and _starts_sentence(doc, sents, sent_of, q_start):
            found.append(Candidate(q_start, q_end, None, None, "floating", "floating_quotation"))
    return found
