"""Run the committed attribution tagger on a parsed article and turn its tags into ``Quote`` records.

The model (``attribution_crf.crfsuite`` beside this module, trained by ``make train``; see
MODEL_CARD.md) is loaded on first use and cached per process, never at import time. Speakers go
through the rule extractor's own resolution (``speakers.speaker_of`` / ``resolve``): the tagger
finds the source words, the rules name the person behind "he" or "the spokesman". Where a rule
quote covers most of a content, its speaker is kept: the rules link speakers across sentences
and paragraphs, which a tagger of one paragraph at a time cannot see.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsetl.extract.cues import cue_lexicon
from newsetl.extract.learned.decode import Linked, link, span_root, tagged_spans
from newsetl.extract.learned.features import paragraphs, sequence_items, token_features
from newsetl.extract.quote_marks import find_quoted_spans
from newsetl.extract.speakers import Speaker, antecedent, resolve, speaker_of, subject_of
from newsetl.records import Quote

if TYPE_CHECKING:
    import pycrfsuite
    from spacy.tokens import Doc

MODEL_PATH = Path(__file__).resolve().parent / "attribution_crf.crfsuite"
MODEL_NAME = "attribution_crf"
# A rule quote covering at least this share of a content's characters lends it its speaker.
RULE_SPEAKER_OVERLAP = 0.5
TRAILING = ",;: \n"
SINGLE_MARKS = frozenset("‘’‹›")


@lru_cache(maxsize=2)
def load_tagger(path: Path = MODEL_PATH) -> pycrfsuite.Tagger:
    """The CRF tagger at ``path``, opened once per process."""
    import pycrfsuite

    if not path.exists():
        raise FileNotFoundError(f"attribution model {path} is missing; run `make train`")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def tag_doc(
    doc: Doc, rule_quotes: Sequence[Quote], *, language: str, path: Path = MODEL_PATH
) -> list[tuple[list[int], list[str]]]:
    """Per paragraph: its token indices and the tags the model gives them."""
    tagger = load_tagger(path)
    feats = token_features(doc, cue_lexicon(language), rule_quotes)
    return [(indices, tagger.tag(sequence_items(feats, indices))) for indices in paragraphs(doc)]


def _char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    begin, stop = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    text = doc.text
    while stop > begin and text[stop - 1] in TRAILING:
        stop -= 1
    return begin, stop


def _double_quoted(text: str) -> bytearray:
    """1 for each character between double quotation marks: a single-quoted phrase (‘deplorables’)
    is a headline's or a nested quotation, which does not make a quote direct."""
    mask = bytearray(len(text))
    for span in find_quoted_spans(text):
        if span.start == 0 or text[span.start - 1] not in SINGLE_MARKS:
            mask[span.start : span.end] = b"\x01" * (span.end - span.start)
    return mask


def _quote_type(text: str, start: int, end: int, mask: bytearray) -> str:
    """direct when every letter or digit is quoted, mixed when some are, else indirect."""
    quoted = [mask[i] for i in range(start, end) if text[i].isalnum()]
    if quoted and all(quoted):
        return "direct"
    return "mixed" if any(quoted) else "indirect"


def _rule_speaker(start: int, end: int, rule_quotes: Sequence[Quote]) -> Speaker | None:
    """The speaker of the rule quote that covers most of [start, end), if it covers enough."""
    best, best_share = None, RULE_SPEAKER_OVERLAP
    for q in rule_quotes:
        share = (min(end, q.end_char) - max(start, q.start_char)) / max(end - start, 1)
        if share >= best_share and q.speaker_text:
            best, best_share = q, share
    if best is None:
        return None
    return Speaker(best.speaker_text, best.speaker_start_char, best.speaker_end_char, "rule")


def _own_speaker(doc: Doc, found: Linked, previous: list[Speaker]) -> Speaker | None:
    if found.source is not None:
        head = span_root(doc, found.source)
    elif found.cue is not None:
        head = subject_of(span_root(doc, found.cue))
    else:
        head = None
    if head is None:
        return None
    head = antecedent(head)
    return resolve(speaker_of(head), head, previous)


def learned_quotes(doc: Doc, rule_quotes: Sequence[Quote], *, language: str, path: Path = MODEL_PATH) -> list[Quote]:
    """The attributions the model finds in ``doc``, as ``Quote`` records in document order."""
    return quotes_from_tags(doc, tag_doc(doc, rule_quotes, language=language, path=path), rule_quotes)


def _group_type(text: str, ranges: Sequence[tuple[int, int]], mask: bytearray) -> str:
    """The type of one attribution's pieces together: a quoted piece beside an unquoted one of the
    same cue makes both mixed ("X said the plan was “dead,” adding that ..." is one report)."""
    types = {_quote_type(text, start, end, mask) for start, end in ranges}
    return types.pop() if len(types) == 1 else "mixed"


def quotes_from_tags(
    doc: Doc, tagged: Sequence[tuple[list[int], list[str]]], rule_quotes: Sequence[Quote]
) -> list[Quote]:
    """``Quote`` records of tagged paragraphs (token indices and their BIO tags)."""
    text = doc.text
    mask = _double_quoted(text)
    sent_starts = [s.start for s in doc.sents]
    previous: list[Speaker] = []
    quotes = []
    for indices, tags in tagged:
        pieces = [(found, _char_range(doc, found.content.start, found.content.end)) for found in
                  link(doc, tagged_spans(indices, tags))]
        pieces = [(found, (start, end)) for found, (start, end) in pieces if end > start]
        by_cue: dict[object, list[tuple[int, int]]] = {}
        for found, bounds in pieces:
            by_cue.setdefault(found.cue or found.content, []).append(bounds)
        speaker_of_cue: dict[object, Speaker | None] = {}
        for found, (start, end) in pieces:
            key = found.cue or found.content
            if key not in speaker_of_cue:
                speaker = _rule_speaker(start, end, rule_quotes) or _own_speaker(doc, found, previous)
                if speaker is not None and speaker.start is not None:
                    previous.append(speaker)
                speaker_of_cue[key] = speaker
            speaker = speaker_of_cue[key]
            cue = span_root(doc, found.cue).lemma_.lower() if found.cue is not None else None
            quotes.append(
                Quote(
                    quote_text=text[start:end],
                    quote_type=_group_type(text, by_cue[key], mask),
                    speaker_text=speaker.text if speaker else None,
                    cue_verb=cue,
                    start_char=start,
                    end_char=end,
                    sentence_index=sum(1 for s in sent_starts if s <= found.content.start) - 1,
                    speaker_start_char=speaker.start if speaker else None,
                    speaker_end_char=speaker.end if speaker else None,
                )
            )
    return quotes
