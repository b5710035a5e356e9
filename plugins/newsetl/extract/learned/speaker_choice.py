"""The learned speaker choice: who a kept quote is credited to.

The quote decision keeps a quote with the speaker its layer found: a rule's resolution, or the
source the CRF tagged (or lent by the rule quote it overlaps). Those disagree and each is wrong
in its own way (the CRF sometimes tags a noun that is not a speaker at all: "the endorsements";
the rules credit a person two paragraphs up). So each kept quote gets a few candidate speakers:
its own, the speaker of each rule quote and CRF content overlapping it, the subject of its cue,
the speaker of the quote before it, and the names, pronouns and subjects of its sentence and
the one before (``options``). Each candidate goes through the rules' resolution ("he" -> the
person named before) and is described by where it stands (subject of the cue, before or after
the content, same sentence), what it is (entity label, part of speech, resolved kind, whether the
rules think it can speak) and who proposed it. A logistic regression fitted on PolNeAR's train
split (``make train``; out-of-fold candidates, as for the quote decision) scores each; the quote
takes the best candidate when it beats its own speaker by ``margin`` (MODEL_CARD.md).

The weights are plain numbers in ``speaker_choice.json`` beside this module: numpy at run time.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy

from newsetl.extract.columns import Columns
from newsetl.extract.learned.decision import feature_matrix, kept_features, sigmoid
from newsetl.extract.learned.decode import sentence_bounds
from newsetl.extract.speakers import (
    SPEAKER_LABELS,
    Speaker,
    _cached,
    antecedent,
    can_speak,
    resolve,
    speaker_of,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from newsetl.offsets import OffsetIndex
    from newsetl.records import Quote

SPEAKER_CHOICE_PATH = Path(__file__).resolve().parent / "speaker_choice.json"
# A feature seen on fewer training candidates than this is left out.
MIN_FEATURE_COUNT = 20
REGULARISATION = 1.0
# How far (in characters) a speaker written without offsets is looked for around its quote.
SPEAKER_WINDOW = 200
# How many heads up from a content's root its cue is looked for.
CUE_DEPTH = 4
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
# Dependencies of a candidate's head told apart (the rest are one feature).
HEAD_DEPS = ("nsubj", "nsubjpass", "pobj", "dobj", "poss", "appos", "conj", "compound", "ROOT", "attr", "npadvmod")
HEAD_POS = ("PRON", "PROPN", "NOUN", "DET", "NUM", "ADJ")
NOMINAL = ("PRON", "PROPN", "NOUN")
READING_KEY = "newsetl.extract.learned.speaker_choice.reading"
ROOTS_KEY = "newsetl.extract.learned.speaker_choice.roots"
PLURAL_KEY = "newsetl.extract.learned.speaker_choice.plural"


@dataclass(frozen=True)
class SpeakerOption:
    """One candidate speaker of a quote: resolved as the rules resolve it, with what the choice reads."""

    speaker: Speaker
    head: int | None  # the token it is written at, if found
    features: dict[str, float]


@dataclass(frozen=True)
class SpeakerChoice:
    """The fitted weights: one logistic regression over ``names``, and the margin a candidate must
    beat the quote's own speaker by."""

    names: tuple[str, ...]
    weights: numpy.ndarray  # over names, then the intercept
    margin: float

    @cached_property
    def _column(self) -> dict[str, int]:
        return {name: k for k, name in enumerate(self.names)}

    def scores(self, features: Sequence[dict[str, float]]) -> numpy.ndarray:
        """P(the right speaker) of each option, given its features."""
        return sigmoid(feature_matrix(features, self._column, intercept=True) @ self.weights)


@lru_cache(maxsize=2)
def load_speaker_choice(path: Path = SPEAKER_CHOICE_PATH) -> SpeakerChoice:
    """The speaker-choice weights at ``path``, read once per process."""
    if not path.exists():
        raise FileNotFoundError(f"speaker choice {path} is missing; run `make train`")
    data = json.loads(path.read_text(encoding="utf-8"))
    return SpeakerChoice(tuple(data["features"]), numpy.array(data["weights"]), float(data["margin"]))


def _span(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    return span if span is not None and len(span) else None


def _reading(doc: Doc) -> tuple[str, list[tuple[int, int]]]:
    """The Doc's text and each token's sentence bounds, read once per Doc: ``Doc.text`` rebuilds the
    string and ``Token.sent`` walks every sentence on each call (most of this module's cost)."""
    return _cached(doc, READING_KEY, lambda: (Columns.of(doc).text, sentence_bounds(doc)))


def speaker_head(doc: Doc, speaker: Speaker, quote: Quote) -> Token | None:
    """The token a speaker is written at: the root of its span, or for one kept without offsets
    ("he", "the spokesman") its nearest occurrence outside the quote within ``SPEAKER_WINDOW``."""
    if speaker.start is not None and speaker.end is not None:
        # the same rule and model speakers come up for every quote near them: one root per span
        roots = _cached(doc, ROOTS_KEY, dict)
        if (speaker.start, speaker.end) not in roots:
            span = _span(doc, speaker.start, speaker.end)
            roots[speaker.start, speaker.end] = span.root if span is not None else None
        return roots[speaker.start, speaker.end]
    low = max(0, quote.start_char - SPEAKER_WINDOW)
    window = _reading(doc)[0][low : quote.end_char + SPEAKER_WINDOW]
    found = [
        low + m.start() for m in re.finditer(r"\b" + re.escape(speaker.text) + r"\b", window)
        if not quote.start_char <= low + m.start() < quote.end_char
    ]
    if not found:
        return None
    at = min(found, key=lambda c: min(abs(c - quote.start_char), abs(c - quote.end_char)))
    span = _span(doc, at, at + len(speaker.text))
    return span.root if span is not None else None


def written_speaker(doc: Doc, holder: Quote, quote: Quote) -> tuple[Speaker, Token | None]:
    """The speaker ``holder`` names, with its kind as the rules read its head, and that head."""
    speaker = Speaker(holder.speaker_text or "", holder.speaker_start_char, holder.speaker_end_char, "description")
    head = speaker_head(doc, speaker, quote)
    if head is None:
        return speaker, None
    kind = speaker_of(head).kind if speaker.start is not None else ("pronoun" if head.pos_ == "PRON" else "description")
    return speaker._replace(kind=kind), head


def cue_token(content: Span, cue_verb: str | None) -> Token | None:
    """The quote's cue word: up the parse from its content's root, else the nearest word of its
    sentences outside it with the cue's lemma."""
    if not cue_verb:
        return None
    cue = cue_verb.lower()
    token = content.root
    for _ in range(CUE_DEPTH):
        if token.head.i == token.i:
            break
        token = token.head
        if not content.start <= token.i < content.end and cue in (token.lemma_.lower(), token.lower_):
            return token
    doc = content.doc
    bounds, col = _reading(doc)[1], Columns.of(doc)
    matches = [
        i for i in range(bounds[content.start][0], bounds[content.end - 1][1])
        if not content.start <= i < content.end and cue in (col.lemma[i], col.lower[i])
    ]
    return doc[min(matches, key=lambda i: min(abs(i - content.start), abs(i - content.end)))] if matches else None


def _nearby_heads(doc: Doc, content: Span) -> list[Token]:
    """Subjects, named entities' roots and pronouns of the content's sentences and the one before,
    outside the content."""
    bounds = _reading(doc)[1]
    first = bounds[content.start][0]
    start = bounds[first - 1][0] if first > 0 else first
    end = bounds[content.end - 1][1]
    col = Columns.of(doc)
    heads = []
    for i in range(start, end):
        # the columns first: a Token is built only for a word that can qualify
        if content.start <= i < content.end or not (
            col.ent[i] in SPEAKER_LABELS or col.dep[i] in SUBJECT_DEPS and col.pos[i] in NOMINAL
        ):
            continue
        t = doc[i]
        entity_root = t.ent_type_ in SPEAKER_LABELS and (t.head.ent_iob_ == "O" or t.head.ent_type_ != t.ent_type_
                                                         or t.head.i == t.i)
        if entity_root or t.dep_ in SUBJECT_DEPS and t.pos_ in NOMINAL:
            heads.append(t)
    return heads


def _plural(head: Token) -> bool:
    """Whether the parse gives ``head`` a plural number (``Token.morph`` parses its string on each
    call), read once per token."""
    plural = _cached(head.doc, PLURAL_KEY, dict)
    if head.i not in plural:
        plural[head.i] = head.morph.get("Number") == ["Plur"]
    return plural[head.i]


def _resolved(head: Token, previous: list[Speaker]) -> Speaker:
    head = antecedent(head)
    return resolve(speaker_of(head), head, previous)


def _key(speaker: Speaker) -> str:
    return speaker.text.lower()


def options(
    doc: Doc,
    quote: Quote,
    origin: str,
    rules: OffsetIndex[Quote],
    models: OffsetIndex[Quote],
    previous: list[Speaker],
) -> list[SpeakerOption]:
    """The candidate speakers of one kept ``quote`` (``origin``: rule or model), each once by its
    resolved text, with its features; ``previous``: the speakers chosen for the quotes before it."""
    content = _span(doc, quote.start_char, quote.end_char)
    if content is None:
        return []
    cue = cue_token(content, quote.cue_verb)
    found: dict[str, tuple[Speaker, Token | None, set[str]]] = {}

    def away(head: Token | None) -> int:
        if head is None:
            return len(doc)
        inside = content.start <= head.i < content.end
        return 0 if inside else min(abs(head.i - content.start), abs(head.i - content.end))

    def add(speaker: Speaker | None, head: Token | None, source: str) -> None:
        if speaker is None or not speaker.text.strip():
            return
        key = _key(speaker)
        if key not in found:
            found[key] = (speaker, head, {source})
            return
        first, seen, sources = found[key]
        sources.add(source)
        if away(head) < away(seen):
            # the mention nearest the quote describes it: "Lavrov pledged" here, not the full
            # name the resolution points to paragraphs up
            found[key] = (first, head, sources)

    if quote.speaker_text:
        add(*written_speaker(doc, quote, quote), "own")
    for source, index in (("rule", rules), ("model", models)):
        for other in index.near(quote.start_char, quote.end_char):
            if other.speaker_text and min(other.end_char, quote.end_char) > max(other.start_char, quote.start_char):
                add(*written_speaker(doc, other, quote), source)
    if cue is not None:
        subject = subject_of(cue)
        if subject is not None:
            add(_resolved(subject, previous), subject, "subject")
    if previous:
        last = previous[-1]
        add(last, speaker_head(doc, last, quote), "previous")
    for head in _nearby_heads(doc, content):
        add(_resolved(head, previous), head, "near")
    mentions = Counter(_key(s) for s in previous)
    subject = subject_of(cue) if cue is not None else None
    ranks = {key: rank for rank, key in enumerate(sorted(found, key=lambda k: (away(found[k][1]), k)))}
    made = []
    for key, (speaker, head, sources) in found.items():
        f = _features(doc, quote, origin, content, cue, speaker, head, sources, mentions)
        # how near it is compared with the other options: the nearest name is often the speaker
        f["nearest"] = float(ranks[key] == 0)
        f["rank_log"] = math.log1p(ranks[key])
        # a word of the cue's subject, not the subject ("Russia" in "Russia's Lavrov pledged")
        f["in_subject"] = float(head is not None and subject is not None and head.i != subject.i
                                and head.head.i == subject.i)
        made.append(SpeakerOption(speaker, head.i if head is not None else None, f))
    return made


def _features(
    doc: Doc,
    quote: Quote,
    origin: str,
    content: Span,
    cue: Token | None,
    speaker: Speaker,
    head: Token | None,
    sources: set[str],
    mentions: Counter[str],
) -> dict[str, float]:
    f: dict[str, float] = {"origin:" + origin: 1.0, "type:" + quote.quote_type: 1.0}
    for source in sources:
        f["src:" + source] = 1.0
        f[f"src:{source}:{quote.quote_type}"] = 1.0
    f["sources"] = float(len(sources))
    f["kind:" + speaker.kind] = 1.0
    f["offsets"] = float(speaker.start is not None)
    f["words_log"] = math.log(1 + len(speaker.text.split()))
    f["said_before"] = math.log1p(mentions[_key(speaker)])
    f["is_previous_quote"] = float(bool(mentions) and mentions.most_common(1)[0][0] == _key(speaker))
    if head is None:
        f["no_head"] = 1.0
        return f
    f["pos:" + (head.pos_ if head.pos_ in HEAD_POS else "X")] = 1.0
    f["dep:" + (head.dep_ if head.dep_ in HEAD_DEPS else "X")] = 1.0
    f["ent:" + (head.ent_type_ or "none")] = 1.0
    f["plural"] = float(_plural(head))
    f["resolved"] = float(head.text.lower() not in speaker.text.lower())
    f["can_speak"] = float(can_speak(head))
    if head.pos_ == "NOUN":
        # which common noun: PolNeAR's sources are "officials" and "the campaign", rarely "the
        # plan"; the fit keeps the nouns frequent in training (MIN_FEATURE_COUNT), no word list
        f["noun:" + head.lemma_.lower()] = 1.0
    inside = content.start <= head.i < content.end
    f["inside"] = float(inside)
    f["before"] = float(head.i < content.start)
    distance = 0 if inside else min(abs(head.i - content.start), abs(head.i - content.end))
    f["distance_log"] = math.log1p(distance)
    text, bounds = _reading(doc)
    sent, first, last = bounds[head.i][0], bounds[content.start][0], bounds[content.end - 1][0]
    f["same_sentence"] = float(first <= sent <= last)
    f["sentence_before"] = float(sent < first)
    f["same_paragraph"] = float("\n" not in text[min(head.idx, quote.start_char) : max(head.idx, quote.start_char)])
    if cue is not None:
        f["cue_subject"] = float(head.head.i == cue.i and head.dep_ in SUBJECT_DEPS)
        f["on_cue"] = float(head.head.i == cue.i)
        f["cue_distance_log"] = math.log1p(abs(head.i - cue.i))
        f["before_cue"] = float(head.i < cue.i)
    else:
        f["no_cue"] = 1.0
    return f


def choose(
    doc: Doc,
    quotes: Sequence[tuple[Quote, str]],
    rules: OffsetIndex[Quote],
    models: OffsetIndex[Quote],
    chooser: Callable[[Quote, list[SpeakerOption]], Quote],
) -> list[Quote]:
    """Each kept quote (with its origin, in document order) with the speaker ``chooser`` takes
    among its options (``pick`` at run time; training reads the options instead)."""
    previous: list[Speaker] = []
    chosen = []
    for quote, origin in quotes:
        quote = chooser(quote, options(doc, quote, origin, rules, models, previous))
        if quote.speaker_text and quote.speaker_start_char is not None:
            previous.append(written_speaker(doc, quote, quote)[0])
        chosen.append(quote)
    return chosen


def pick(quote: Quote, found: Sequence[SpeakerOption], *, choice: SpeakerChoice) -> Quote:
    """The quote with the likeliest option's speaker, where it beats the quote's own by the margin."""
    if not found:
        return quote
    p = choice.scores([o.features for o in found])
    best = int(numpy.argmax(p))
    own = next((k for k, o in enumerate(found) if o.features.get("src:own")), None)
    if own is not None and (best == own or p[best] < p[own] + choice.margin):
        return quote
    speaker = found[best].speaker
    return replace(quote, speaker_text=speaker.text, speaker_start_char=speaker.start, speaker_end_char=speaker.end)


def fit_speaker_choice(rows: Sequence[tuple[dict[str, float], int]], out: Path, margin: float) -> dict:
    """Fit the regression on ``rows`` (features, right speaker or not) and write it to ``out``."""
    names, x, y = design(rows)
    weights = fit_weights(x, y)
    out.write_text(
        json.dumps({"features": names, "weights": [round(float(w), 6) for w in weights], "margin": margin},
                   indent=1) + "\n",
        encoding="utf-8",
    )
    return {"speaker_options": len(rows), "speaker_right": int(y.sum()), "speaker_features": len(names)}


def design(rows: Sequence[tuple[dict[str, float], int]]) -> tuple[list[str], numpy.ndarray, numpy.ndarray]:
    """The feature names kept (seen on ``MIN_FEATURE_COUNT`` rows), the matrix and the labels."""
    features = [f for f, _ in rows]
    names = kept_features(features, MIN_FEATURE_COUNT)
    x = feature_matrix(features, {name: k for k, name in enumerate(names)}, intercept=False)
    return names, x, numpy.array([label for _, label in rows])


def fit_weights(x: numpy.ndarray, y: numpy.ndarray) -> numpy.ndarray:
    """A logistic regression's weights, then its intercept."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=REGULARISATION, max_iter=3000, solver="lbfgs")
    model.fit(x, y)
    return numpy.concatenate([model.coef_[0], model.intercept_])


# ---------------------------------------------------------------------------------------- training

NAME_RE = re.compile(r"\w+")
POSSESSIVE_RE = re.compile(r"['’]s\b")
# Words a name's last word is not: "Jr.", "III" (as the dev scorer reads a name).
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _name_words(text: str) -> list[str]:
    import unicodedata

    folded = unicodedata.normalize("NFKD", POSSESSIVE_RE.sub("", text)).encode("ascii", "ignore").decode().lower()
    return NAME_RE.findall(folded)


def same_name(predicted: str, gold: str) -> bool:
    """The predicted speaker's last name word is a word of the gold source ("Robby Mook" for
    "Clinton's campaign manager, Robby Mook")."""
    words = [w for w in _name_words(predicted) if w not in NAME_SUFFIXES]
    return bool(words) and words[-1] in set(_name_words(gold))


@dataclass(frozen=True)
class GoldSource:
    """A gold content as word tokens of the clean text, with its source's characters in it."""

    words: range
    start: int
    end: int
    text: str


def gold_sources(text: str, raw_offsets: Sequence[int], attributions: Sequence[dict]) -> list[GoldSource]:
    """The gold attributions of an article that have a source, carried to its clean text."""
    from newsetl.extract.learned.corpus import span_pieces
    from newsetl.extract.learned.decision import _Tokens

    words = _Tokens(text)
    raw_to_clean = {raw: k for k, raw in enumerate(raw_offsets) if raw >= 0}

    def clean(value: list | None) -> list[int]:
        return sorted(raw_to_clean[i] for s, e in span_pieces(value) for i in range(s, e) if i in raw_to_clean)

    found = []
    for attribution in attributions:
        content = clean(attribution.get("content_spans") or attribution.get("content"))
        source = clean(attribution.get("source_spans") or attribution.get("source"))
        if content and source and attribution.get("source_text"):
            found.append(GoldSource(words.within(content[0], content[-1] + 1), source[0], source[-1] + 1,
                                    attribution["source_text"]))
    return found


def labelled_options(
    doc: Doc,
    kept: Sequence[tuple[Quote, str]],
    rules: OffsetIndex[Quote],
    models: OffsetIndex[Quote],
    golds: Sequence[GoldSource],
) -> list[tuple[bool, list[tuple[dict[str, float], int]]]]:
    """Per kept quote matched to a gold content with a source (token Jaccard >= 0.3): whether that
    source is a pronoun, and each option's features with 1 where it names the gold source."""
    from newsetl.extract.learned.decision import HIT_JACCARD, _jaccard, _Tokens

    words = _Tokens(doc.text)
    groups: list[tuple[bool, list[tuple[dict[str, float], int]]]] = []

    def read(quote: Quote, found: list[SpeakerOption]) -> Quote:
        mine = words.within(quote.start_char, quote.end_char)
        score, gold = max(((_jaccard(mine, g.words), g) for g in golds), key=lambda x: x[0], default=(0.0, None))
        if gold is None or score < HIT_JACCARD:
            return quote
        span = _span(doc, gold.start, gold.end)
        pronoun = span is not None and all(t.pos_ == "PRON" for t in span if not t.is_punct)
        # a pronoun source is right as the rules would resolve it (no earlier speakers: the nearest person)
        referent = _key(_resolved(span.root, [])) if pronoun and span is not None else None
        rows = []
        for option in found:
            head = option.head
            right = (head is not None and gold.start <= doc[head].idx < gold.end) or (
                _key(option.speaker) == referent if pronoun else same_name(option.speaker.text, gold.text))
            rows.append((option.features, int(right)))
        groups.append((pronoun, rows))
        return quote

    choose(doc, kept, rules, models, read)
    return groups


def accuracy(groups: Sequence[tuple[bool, list[tuple[dict[str, float], int]]]], p: Sequence[numpy.ndarray],
             margin: float) -> float:
    """Share of groups whose chosen option is right, as the dev scorer counts (a pronoun source takes
    any speaker): ``p`` holds each group's option scores."""
    right = 0
    for (pronoun, rows), scores in zip(groups, p, strict=True):
        if not rows:
            continue
        best = int(numpy.argmax(scores))
        own = next((k for k, (f, _) in enumerate(rows) if f.get("src:own")), None)
        chosen = own if own is not None and (best == own or scores[best] < scores[own] + margin) else best
        right += 1 if pronoun else rows[chosen][1]
    return right / max(len(groups), 1)
