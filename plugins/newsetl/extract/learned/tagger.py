"""Run the committed attribution tagger on a parsed article and turn its tags into ``Quote`` records.

The model (``attribution_crf.crfsuite`` beside this module, trained by ``make train``; see
MODEL_CARD.md) is loaded on first use and cached per process, never at import time. Speakers go
through the rule extractor's own resolution (``speakers.speaker_of`` / ``resolve``): the tagger
finds the source words, the rules name the person behind "he" or "the spokesman". Where a rule
quote covers most of a content, its speaker is kept: the rules link speakers across sentences
and paragraphs, which a tagger of one paragraph at a time cannot see. ``learned_quotes`` hands the
rules' quotes and the model's contents to the learned decision (``decision``), which keeps the
likely ones.
"""

from __future__ import annotations

import re
import tempfile
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from newsetl.extract.cues import CueLexicon, cue_lexicon, is_preposition_cue, surface_stems
from newsetl.extract.learned.decision import (
    DECISION_PATH,
    WORD_RE,
    Candidate,
    Decision,
    describe,
    load_decision,
    select,
)
from newsetl.extract.learned.decode import Linked, link, sentence_bounds, span_root, tagged_spans
from newsetl.extract.learned.features import Columns, paragraphs, sequence_items, token_features
from newsetl.extract.learned.speaker_choice import SPEAKER_CHOICE_PATH, choose, load_speaker_choice, pick
from newsetl.extract.quote_marks import QuotedSpan
from newsetl.extract.speakers import Speaker, antecedent, resolve, speaker_of, subject_of
from newsetl.offsets import OffsetIndex
from newsetl.records import Quote

if TYPE_CHECKING:
    import pycrfsuite
    from spacy.tokens import Doc, Token

MODEL_PATH = Path(__file__).resolve().parent / "attribution_crf.crfsuite"
# fct_quotes.extraction_method of the rows the model finds; bump the version when retraining changes them.
MODEL_NAME = "attribution_crf_v1"
# A rule quote covering at least this share of a content's characters lends it its speaker.
RULE_SPEAKER_OVERLAP = 0.5
TRAILING = ",;: \n"
SINGLE_MARKS = frozenset("‘’‹›")
COMPLEMENTIZERS = frozenset({"that"})
# How far from a content a description speaker without offsets is looked for (characters).
SPEAKER_WINDOW = 200
LEADING_COMPLEMENTIZER = re.compile(r"(?:" + "|".join(COMPLEMENTIZERS) + r")\s+", re.IGNORECASE)
# Parts of speech a speaker's head word can have.
NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
# A state feature's line in a CRFsuite dump, for a word or lemma toward B-CUE: "(0) w=told --> B-CUE: 0.58"
CUE_WEIGHT_RE = re.compile(r"^\s*\(\d+\) ([lw]=.+) --> B-CUE: ([+-]?\d+\.\d+)$", re.MULTILINE)


@lru_cache(maxsize=2)
def load_tagger(path: Path = MODEL_PATH) -> pycrfsuite.Tagger:
    """The CRF tagger at ``path``, opened once per process."""
    import pycrfsuite

    if not path.exists():
        raise FileNotFoundError(f"attribution model {path} is missing; run `make train`")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


class Tagged(NamedTuple):
    """One paragraph as the model tagged it."""

    indices: list[int]  # its tokens (whitespace left out)
    tags: list[str]  # one BIO tag per token
    confidence: list[float]  # P(B-CON) + P(I-CON) of each token tagged content or inside a rule quote, else 0


@lru_cache(maxsize=2)
def learned_cue_words(path: Path = MODEL_PATH) -> frozenset[str]:
    """Words and lemmas the model's weights pull toward starting a cue (``l=quip``, ``w=told`` ->
    B-CUE above zero): read from the trained weights, so retraining updates them.

    One regular expression over the model's dump: ``Tagger.info()`` parses every line of it in
    Python, 1.4 CPU seconds in every process that extracts (each run, each shard task)."""
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "model.txt"
        load_tagger(path).dump(str(dump))
        text = dump.read_text(encoding="utf-8")
    return frozenset(
        attribute.split("=", 1)[1] for attribute, weight in CUE_WEIGHT_RE.findall(text) if float(weight) > 0
    )


@lru_cache(maxsize=4)
def _cue_words(language: str, path: Path) -> frozenset[str]:
    """Every word that can make a paragraph worth tagging: the model's cues, the lexicon's cue
    verbs, phrasal heads, cue nouns and stance adjectives."""
    lexicon = cue_lexicon(language)
    heads = {head for head, _ in lexicon.phrases}
    return learned_cue_words(path) | lexicon.words | heads | lexicon.nouns | lexicon.stances


def _worth_tagging(columns: Columns, indices: Sequence[int], cue_words: frozenset[str], marked: bytearray) -> bool:
    """A paragraph can hold an attribution: a word the model or the rule lexicon takes for a cue,
    a quotation mark or a rule quote (``marked``: 1 per such token). The tagger labels no other
    paragraph: on PolNeAR dev and on the bench articles its tags there were all O anyway."""
    for i in indices:
        if marked[i]:
            return True
        if columns.lemma[i] in cue_words or any(stem in cue_words for stem in surface_stems(columns.lower[i])):
            return True
    return False


def tag_doc(
    doc: Doc, rule_quotes: Sequence[Quote], *, language: str, path: Path = MODEL_PATH, columns: Columns | None = None
) -> list[Tagged]:
    """The paragraphs of ``doc`` that can hold an attribution, with the tags the model gives their tokens."""
    tagger = load_tagger(path)
    lexicon = cue_lexicon(language)
    cue_words = _cue_words(language, path)
    columns = columns or Columns.of(doc)
    marked = bytearray(len(doc))
    for start, end in [(s.start, s.end) for s in columns.quoted] + [
        (q.start_char, q.end_char) for q in rule_quotes
    ]:
        span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
        if span is not None:
            marked[span.start : span.end] = b"\x01" * len(span)
    chosen = [indices for indices in paragraphs(doc) if _worth_tagging(columns, indices, cue_words, marked)]
    in_rule = bytearray(len(doc))
    for q in rule_quotes:
        span = doc.char_span(q.start_char, q.end_char, alignment_mode="expand") if q.end_char > q.start_char else None
        if span is not None:
            in_rule[span.start : span.end] = b"\x01" * len(span)
    feats = token_features(doc, lexicon, rule_quotes, [i for indices in chosen for i in indices], columns=columns)
    tagged = []
    for indices in chosen:
        tags = tagger.tag(sequence_items(feats, indices))
        # the probability of content only where a candidate lies: the decision reads nothing else,
        # and each marginal is a call into C
        # the words next to a candidate too: they tell whether its boundaries are the CRF's
        near = [tag.endswith("CON") or in_rule[i] for i, tag in zip(indices, tags, strict=True)]
        wide = [near[k] or (k > 0 and near[k - 1]) or (k + 1 < len(near) and near[k + 1]) for k in range(len(near))]
        sure = [
            tagger.marginal("B-CON", k) + tagger.marginal("I-CON", k) if wide[k] else 0.0 for k in range(len(near))
        ]
        tagged.append(Tagged(indices, tags, sure))
    return tagged


def _char_range(doc: Doc, text: str, start: int, end: int) -> tuple[int, int]:
    """Character offsets of tokens [start, end), trailing commas and colons dropped."""
    begin, stop = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    while stop > begin and text[stop - 1] in TRAILING:
        stop -= 1
    return begin, stop


def _double_quoted(text: str, quoted: Sequence[QuotedSpan]) -> bytearray:
    """1 for each character between double quotation marks: a single-quoted phrase (‘deplorables’)
    is a headline's or a nested quotation, which does not make a quote direct."""
    mask = bytearray(len(text))
    for span in quoted:
        if span.start == 0 or text[span.start - 1] not in SINGLE_MARKS:
            mask[span.start : span.end] = b"\x01" * (span.end - span.start)
    return mask


def _quote_type(text: str, start: int, end: int, mask: bytearray) -> str:
    """direct when every letter or digit is quoted, mixed when some are, else indirect.

    A leading complementizer is the reporter's syntax, not the speaker's words: "said that “...”"
    is still a direct quotation, as the rules type it (``_paraphrased_around``)."""
    lead = LEADING_COMPLEMENTIZER.match(text, start, end)
    if lead is not None:
        start = lead.end()
    quoted = [mask[i] for i in range(start, end) if text[i].isalnum()]
    if quoted and all(quoted):
        return "direct"
    return "mixed" if any(quoted) else "indirect"


def _rule_speaker(start: int, end: int, rule_quotes: OffsetIndex[Quote]) -> Speaker | None:
    """The speaker of the rule quote that covers most of [start, end), if it covers enough."""
    best, best_share = None, RULE_SPEAKER_OVERLAP
    for q in rule_quotes.near(start, end):
        share = (min(end, q.end_char) - max(start, q.start_char)) / max(end - start, 1)
        if share >= best_share and q.speaker_text:
            best, best_share = q, share
    if best is None:
        return None
    return Speaker(best.speaker_text, best.speaker_start_char, best.speaker_end_char, "rule")


def _own_speaker(doc: Doc, found: Linked, previous: list[Speaker]) -> Speaker | None:
    head = span_root(doc, found.source) if found.source is not None else None
    if head is not None and head.pos_ not in NOMINAL:
        head = None  # a source tag on "As" or "are": the parse's subject of the cue is likelier
    if head is None and found.cue is not None:
        head = subject_of(span_root(doc, found.cue))
    if head is None:
        return None
    head = antecedent(head)
    return resolve(speaker_of(head), head, previous)


def _index(quotes: Sequence[Quote]) -> OffsetIndex[Quote]:
    return OffsetIndex(quotes, lambda q: q.start_char, lambda q: q.end_char)


def _overlaps(a: Quote, b: Quote) -> bool:
    return min(a.end_char, b.end_char) > max(a.start_char, b.start_char)


def _paraphrased_around(rule: Quote, report: Quote) -> bool:
    """``report`` holds ``rule`` and words of its own beyond a complementizer ("said that “...”"
    is still a direct quotation)."""
    if not (report.start_char <= rule.start_char and report.end_char >= rule.end_char):
        return False
    head = report.quote_text[: rule.start_char - report.start_char]
    tail = report.quote_text[rule.end_char - report.start_char :]
    return any(word.lower() not in COMPLEMENTIZERS for word in WORD_RE.findall(f"{head} {tail}"))


def _retyped(rule: Quote, model: OffsetIndex[Quote]) -> Quote:
    """A rule quotation the model reads as part of a longer report is ``mixed``: in "said the plan
    was “dead on arrival”" the rules take the quoted words, the attribution also holds "the plan was"."""
    if rule.quote_type == "direct" and any(
        _paraphrased_around(rule, q) for q in model.near(rule.start_char, rule.end_char)
    ):
        return replace(rule, quote_type="mixed")
    return rule


def candidates_of(
    doc: Doc, rule_quotes: Sequence[Quote], *, language: str, path: Path = MODEL_PATH
) -> tuple[list[Candidate], list[Quote]]:
    """The article's candidate quotes (the rules' and every content the model tags) with the
    features the decision reads, and the model's contents."""
    columns = Columns.of(doc)
    tagged = tag_doc(doc, rule_quotes, language=language, path=path, columns=columns)
    mask = _double_quoted(columns.text, columns.quoted)
    decoded = _decoded(doc, tagged, rule_quotes, language=language, columns=columns, mask=mask)
    pcon = {i: p for t in tagged for i, p in zip(t.indices, t.confidence, strict=True) if p > 0}
    read = {i for t in tagged for i in t.indices}
    candidates = [c for c in describe(doc, columns, rule_quotes, decoded, pcon, read, mask) if _selectable(doc, c)]
    return candidates, [quote for quote, *_ in decoded]


def learned_quotes(
    doc: Doc,
    rule_quotes: Sequence[Quote],
    *,
    language: str,
    path: Path = MODEL_PATH,
    decision_path: Path = DECISION_PATH,
    speaker_path: Path = SPEAKER_CHOICE_PATH,
) -> list[Quote]:
    """The quotes the learned decision keeps among the rules' and the model's, in document order,
    each with the speaker the learned speaker choice prefers.

    Measured on PolNeAR dev (MODEL_CARD.md): the rules are precise, the model finds attributions
    they miss and often draws better boundaries; a classifier trained on PolNeAR train reads both
    as candidates and keeps the likely ones, no two overlapping. A kept rule quotation the model
    reads as part of a longer report is typed ``mixed``.
    """
    candidates, model_quotes = candidates_of(doc, rule_quotes, language=language, path=path)
    kept = kept_quotes(candidates, model_quotes, rule_quotes, load_decision(decision_path))
    choice = load_speaker_choice(speaker_path)
    return choose(doc, kept, _index(rule_quotes), _index(model_quotes), partial(pick, choice=choice))


def kept_quotes(
    candidates: Sequence[Candidate], model_quotes: Sequence[Quote], rule_quotes: Sequence[Quote], decision: Decision
) -> list[tuple[Quote, str]]:
    """The quotes ``decision`` keeps, with their origin (rule or model), in document order."""
    kept = select(candidates, decision)
    model = _index(model_quotes)
    rules = _index(rule_quotes)
    quotes = [
        (_retyped(c.quote, model), c.origin) if c.origin == "rule" else (_with_rule_speaker(c.quote, rules), c.origin)
        for c in kept
    ]
    return sorted(quotes, key=lambda item: (item[0].start_char, item[0].end_char))


def _with_rule_speaker(quote: Quote, rules: OffsetIndex[Quote]) -> Quote:
    """A model content kept over a rule quote it overlaps takes that quote's speaker: the rules
    link speakers across sentences and paragraphs, the model reads one paragraph. A content the
    model found no cue for also takes the rule's cue, and the kind that cue gives, so the row says
    which word reports it."""
    rule = max(
        (r for r in rules.near(quote.start_char, quote.end_char) if _overlaps(r, quote) and r.speaker_text),
        key=lambda r: min(r.end_char, quote.end_char) - max(r.start_char, quote.start_char),
        default=None,
    )
    if rule is None:
        return quote
    takes_cue = quote.cue_verb is None and rule.cue_verb is not None
    if rule.speaker_text == quote.speaker_text and not takes_cue:
        return quote
    cue = {"cue_verb": rule.cue_verb, "attribution_kind": rule.attribution_kind} if takes_cue else {}
    return replace(
        quote,
        speaker_text=rule.speaker_text,
        speaker_start_char=rule.speaker_start_char,
        speaker_end_char=rule.speaker_end_char,
        **cue,
    )


def quotes_from_tags(
    doc: Doc, tagged: Sequence[Tagged], rule_quotes: Sequence[Quote], *, language: str = "en"
) -> list[Quote]:
    """``Quote`` records of tagged paragraphs, whatever the model's confidence."""
    columns = Columns.of(doc)
    mask = _double_quoted(columns.text, columns.quoted)
    return [quote for quote, *_ in _decoded(doc, tagged, rule_quotes, language=language, columns=columns, mask=mask)]


def _group_type(text: str, ranges: Sequence[tuple[int, int]], mask: bytearray) -> str:
    """The type of one attribution's pieces together: a quoted piece beside an unquoted one of the
    same cue makes both mixed ("X said the plan was “dead,” adding that ..." is one report)."""
    types = {_quote_type(text, start, end, mask) for start, end in ranges}
    return types.pop() if len(types) == 1 else "mixed"


def _cue_word(cue: Token, lexicon: CueLexicon) -> str:
    """The cue's lemma ("said" -> "say"); a prepositional cue as written ("according")."""
    return cue.lower_ if is_preposition_cue(cue, lexicon) else cue.lemma_.lower()


def _kind(cue: Token | None, quote_type: str, lexicon: CueLexicon) -> str:
    """speech, thought, intention or other, from the cue as the rule lexicon classes it.

    A quotation, a quote without a cue and "according to" are speech; a cue the lexicon does not
    list is ``other``: the model learned it from PolNeAR, which also counts acts and stances
    ("lifted the sanctions", "backs the plan") that an analyst asking who said what must not see
    as speech.
    """
    if cue is None or quote_type == "direct" or is_preposition_cue(cue, lexicon):
        return "speech"
    lemma = cue.lemma_.lower()
    if cue.pos_ in ("NOUN", "PROPN"):
        return lexicon.noun_kinds.get(lemma, "other")
    if cue.pos_ == "ADJ":
        return lexicon.stance_kinds.get(lemma, "other")
    phrase = next((f"{lemma} {c.lower_}" for c in cue.children if (lemma, c.lower_) in lexicon.phrases), None)
    return lexicon.kinds.get(phrase or lemma, "other")


def _speaker_spans(text: str, quote: Quote) -> list[tuple[int, int]]:
    """Where the quote's speaker is written: its offsets, or for a description the rules keep no
    offsets for ("the two presidents"), its occurrences within ``SPEAKER_WINDOW`` of the content."""
    if quote.speaker_start_char is not None and quote.speaker_end_char is not None:
        return [(quote.speaker_start_char, quote.speaker_end_char)]
    if not quote.speaker_text:
        return []
    low = max(0, quote.start_char - SPEAKER_WINDOW)
    found = re.finditer(re.escape(quote.speaker_text), text[low : quote.end_char + SPEAKER_WINDOW])
    return [(low + m.start(), low + m.end()) for m in found]


def _inside_speaker(doc: Doc, quote: Quote) -> bool:
    """The content holds its own speaker ("X maintained that ..." tagged as one content) or hangs
    on the speaker's noun phrase ("the two presidents, A and B, announced ...": "A and B" is the
    speaker's apposition): a tagging slip, not a report of what the speaker said."""
    spans = _speaker_spans(Columns.of(doc).text, quote)  # doc.text joins every token again on each call
    if any(quote.start_char <= first and last <= quote.end_char for first, last in spans):
        return True
    content = doc.char_span(quote.start_char, quote.end_char, alignment_mode="expand")
    if content is None or not len(content) or content.root.head is content.root:
        return False
    return any(first <= content.root.head.idx < last for first, last in spans)


def _selectable(doc: Doc, candidate: Candidate) -> bool:
    """A model content the decision may keep: one with a cue or a speaker (a content with neither
    tells an analyst nobody's words; on the train folds dropping them cost no F1), and not a
    tagging slip around its own speaker. The others stay rivals: the decision reads that the
    CRF saw an attribution there."""
    quote = candidate.quote
    if candidate.origin == "rule":
        return True
    return (quote.cue_verb is not None or bool(quote.speaker_text)) and not _inside_speaker(doc, quote)


def _decoded(
    doc: Doc,
    tagged: Sequence[Tagged],
    rule_quotes: Sequence[Quote],
    *,
    language: str,
    columns: Columns,
    mask: bytearray,
) -> list[tuple[Quote, float, float, float]]:
    """Each content the tags mark as a ``Quote``, with the model's mean and least probability of
    content over its tokens (and the share of them tagged content: all)."""
    lexicon = cue_lexicon(language)
    text = columns.text
    sentences = sentence_bounds(doc)
    sent_starts = sorted({start for start, _ in sentences})
    previous: list[Speaker] = []
    rules = _index(rule_quotes)
    quotes: list[tuple[Quote, float, float, float]] = []
    for indices, tags, confidence in tagged:
        of_token = dict(zip(indices, confidence, strict=True))
        pieces = [(found, _char_range(doc, text, found.content.start, found.content.end)) for found in
                  link(doc, tagged_spans(indices, tags), sentences)]
        pieces = [(found, (start, end)) for found, (start, end) in pieces if end > start]
        by_cue: dict[object, list[tuple[int, int]]] = {}
        for found, bounds in pieces:
            by_cue.setdefault(found.cue or found.content, []).append(bounds)
        speaker_of_cue: dict[object, Speaker | None] = {}
        for found, (start, end) in pieces:
            key = found.cue or found.content
            if key not in speaker_of_cue:
                speaker = _rule_speaker(start, end, rules) or _own_speaker(doc, found, previous)
                if speaker is not None and speaker.start is not None:
                    previous.append(speaker)
                speaker_of_cue[key] = speaker
            speaker = speaker_of_cue[key]
            cue = span_root(doc, found.cue) if found.cue is not None else None
            quote_type = _group_type(text, by_cue[key], mask)
            sure = [of_token.get(i, 0.0) for i in range(found.content.start, found.content.end)]
            quotes.append((
                Quote(
                    quote_text=text[start:end],
                    quote_type=quote_type,
                    speaker_text=speaker.text if speaker else None,
                    cue_verb=_cue_word(cue, lexicon) if cue is not None else None,
                    start_char=start,
                    end_char=end,
                    sentence_index=bisect_right(sent_starts, found.content.start) - 1,
                    speaker_start_char=speaker.start if speaker else None,
                    speaker_end_char=speaker.end if speaker else None,
                    attribution_kind=_kind(cue, quote_type, lexicon),
                    extraction_method=MODEL_NAME,
                ),
                sum(sure) / len(sure),
                min(sure),
                1.0,
            ))
    return quotes
