"""From candidates to ``Quote`` records: the quote type, the whole quotation for a direct quote,
nested attributions dropped, speakers resolved, and each row's cue lemma, attribution_kind and
extraction_method."""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from spacy.tokens import Doc, Token

from newsetl.extract.cues import CueLexicon, cue_lemma, is_preposition_cue
from newsetl.extract.quote_marks import QuotedSpan
from newsetl.extract.quotes.parse import Candidate, is_word
from newsetl.extract.speakers import Speaker, antecedent, resolve, speaker_of
from newsetl.offsets import OffsetIndex
from newsetl.records import Quote


class Attribution(NamedTuple):
    """A typed attribution with character offsets into the text."""

    start: int
    end: int
    quote_type: str
    cue: Token | None
    subject: Token | None
    source: str
    rule: str


def quote_type(doc: Doc, start: int, end: int, inside: list[bool], cue: Token | None = None) -> str:
    """direct, mixed or indirect by the share of quoted words; a cue inside the range (a
    parenthetical "he said") and its phrase are not content and do not count."""
    skip = range(cue.left_edge.i, cue.right_edge.i + 1) if cue is not None and start <= cue.i < end else range(0)
    words = [inside[t.i] for t in doc[start:end] if is_word(t) and t.dep_ != "mark" and t.i not in skip]
    n_in = sum(words)
    if n_in == 0:
        return "indirect"
    return "direct" if n_in == len(words) else "mixed"


def quoted_index(spans: list[QuotedSpan]) -> OffsetIndex[QuotedSpan]:
    """The quoted spans indexed by offset: each attribution reads the few near it, not all of them."""
    return OffsetIndex(spans, lambda s: s.start, lambda s: s.end)


def overlapping(spans: OffsetIndex[QuotedSpan], start: int, end: int) -> list[QuotedSpan]:
    return [s for s in spans.near(start, end) if s.start < end and s.end > start]


def _char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def extend_over_quotes(cand: Candidate, ranges: list[tuple[int, int]]) -> Candidate:
    """Let a clause end where the quotation it opens ends (the parser often cuts it short).

    ``ranges`` are sorted by start: only the quotations starting inside the clause are read
    (reading them all per clause was quadratic in the length of a long text).
    """
    end = cand.end
    for k in range(bisect_left(ranges, (cand.start,)), len(ranges)):
        q_start, q_end = ranges[k]
        if q_start >= end:
            break
        end = max(end, q_end)
    return cand._replace(end=end)


def typed(doc: Doc, cand: Candidate, inside: list[bool], spans: OffsetIndex[QuotedSpan]) -> Attribution:
    """Type a candidate; a direct one takes the whole quotation, across sentences if need be."""
    qtype = (
        "direct"
        if cand.source in ("marks", "floating", "labelled")
        else quote_type(doc, cand.start, cand.end, inside, cand.cue)
    )
    start, end = _char_range(doc, cand.start, cand.end)
    if qtype == "direct" and cand.source != "labelled":  # a label is not part of what was said
        quoted = overlapping(spans, start, end)
        if quoted:
            start, end = quoted[0].start, quoted[-1].end
    return Attribution(start, end, qtype, cand.cue, cand.subject, cand.source, cand.rule)


def drop_nested(attrs: list[Attribution]) -> list[Attribution]:
    """Keep the outer of nested attributions ("Merkel said she ... hoped the conference...")."""
    kept: list[Attribution] = []
    for attr in sorted(attrs, key=lambda a: (a.start, -a.end)):
        if kept and attr.end <= kept[-1].end:
            continue
        kept.append(attr)
    return kept


def _speaker(attr: Attribution, previous: list[Speaker]) -> Speaker | None:
    """The attribution's speaker, pronouns and descriptions resolved where the text allows."""
    if attr.subject is None:  # a floating quotation continues the last named speaker
        named = (s for s in reversed(previous) if s.start is not None)
        return next(named, None) if attr.source == "floating" else None
    subject = antecedent(attr.subject)  # "Lavrov, who said that ..." -> Lavrov
    return resolve(speaker_of(subject), subject, previous)


def _clean_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ",;: \n":
        end -= 1
    return end


def _cue_word(attr: Attribution, lexicon: CueLexicon) -> str | None:
    """The cue's lemma as the lexicon lists it ("said" -> "say", "According" -> "according")."""
    cue = attr.cue
    if cue is None:
        return None
    if is_preposition_cue(cue, lexicon):
        return cue.lower_
    if attr.source in ("noun", "stance"):
        return cue.lemma_.lower()
    return cue_lemma(cue, lexicon)


def _attribution_kind(attr: Attribution, lemma: str | None, lexicon: CueLexicon) -> str:
    """speech, thought, intention or other, from the cue (rules/cue_verbs_<lang>.txt).

    A quotation is speech whatever its cue, and so is a quote with no cue (a signed or labelled
    quotation, one continuing a speaker); a commitment reporting a clause ("pledged that Moscow
    would keep working") is speech, its infinitive ("pledged to keep working") an intention.
    """
    cue = attr.cue
    if cue is None or lemma is None or attr.quote_type == "direct" or is_preposition_cue(cue, lexicon):
        return "speech"
    if attr.source == "noun":
        return lexicon.noun_kinds.get(lemma, "speech")
    if attr.source == "stance":
        return lexicon.stance_kinds.get(lemma, "thought")
    phrase = next((f"{lemma} {c.lower_}" for c in cue.children if (lemma, c.lower_) in lexicon.phrases), None)
    kind = lexicon.kinds.get(phrase or lemma, "speech")
    if kind == "intention" and lexicon.scopes.get(lemma) == "infinitive" and attr.source != "object":
        return "speech"
    return kind


def records(doc: Doc, text: str, attrs: list[Attribution], lexicon: CueLexicon) -> list[Quote]:
    """Turn attributions into ``Quote`` records, in document order."""
    sent_starts = [s.start_char for s in doc.sents]
    previous: list[Speaker] = []
    quotes = []
    k = 0
    for attr in attrs:
        speaker = _speaker(attr, previous)
        if speaker is not None:
            previous.append(speaker)
        while k + 1 < len(sent_starts) and sent_starts[k + 1] <= attr.start:
            k += 1
        end = _clean_end(text, attr.start, attr.end)
        lemma = _cue_word(attr, lexicon)
        quotes.append(
            Quote(
                quote_text=text[attr.start : end],
                quote_type=attr.quote_type,
                speaker_text=speaker.text if speaker else None,
                cue_verb=lemma,
                start_char=attr.start,
                end_char=end,
                sentence_index=k,
                speaker_start_char=speaker.start if speaker else None,
                speaker_end_char=speaker.end if speaker else None,
                attribution_kind=_attribution_kind(attr, lemma, lexicon),
                extraction_method=attr.rule,
            )
        )
    return quotes
