"""The learned quote decision: which candidate attributions of an article reach the warehouse.

Candidates are every rule quote (its rule in ``extraction_method``) and every content the CRF
tags, whatever its confidence. Each is described by a few numbers (``FEATURES``: which rule or
the model found it, the CRF's probability of content over its tokens, its length, quotation
marks, cue kind, speaker, position, agreement with the candidates of the other origin) and scored
by two logistic regressions fitted on PolNeAR's train split (``make train``): the probability
that it matches a gold content at token Jaccard 0.3 (``hit``) and at 0.8 (``exact``). Selection
is greedy: by descending ``hit + exact`` a candidate overlapping one already kept is dropped, so
where a rule quote and a model content cover the same words the one with the likelier boundaries
wins; the kept candidates whose ``hit`` reaches ``threshold`` are the quotes.

The weights are plain numbers in ``quote_decision.json`` beside this module (scikit-learn fits
them at training time; the pipeline needs numpy only). The training candidates come from CRFs
that never saw the article (``train.FOLDS``), as the shipped CRF meets unseen news.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy

from newsetl.extract.columns import Columns
from newsetl.offsets import OffsetIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newsetl.extract.learned.corpus import CorpusArticle
    from newsetl.records import Quote

DECISION_PATH = Path(__file__).resolve().parent / "quote_decision.json"
# Token Jaccard with a gold content that makes a training candidate a hit / an exact match: the
# scorer's two thresholds.
HIT_JACCARD, EXACT_JACCARD = 0.3, 0.8
# A feature (a cue word, a rule) seen on fewer training candidates than this is left out.
MIN_FEATURE_COUNT = 20
# The least P(hit) a kept candidate has: chosen by cross-validation on the train split (MODEL_CARD.md),
# then checked once on dev.
THRESHOLD = 0.4
# Inverse regularisation strength of both regressions (scikit-learn's C).
REGULARISATION = 1.0
WORD_RE = re.compile(r"\w+")
# The candidates each one is compared with: the other layer's.
RIVALS = {"rule": ("model",), "model": ("rule",)}
KINDS = ("speech", "thought", "intention", "other")
TYPES = ("direct", "mixed", "indirect")
# Dependencies of a content's root told apart (the rest are one feature).
ROOT_DEPS = ("ccomp", "dobj", "pobj", "xcomp", "conj", "ROOT", "advcl", "relcl", "appos", "nsubj", "pcomp", "acl")
COPULAS = frozenset({"be"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
FIRST_POS = ("SCONJ", "PRON", "PROPN", "NOUN", "DET", "VERB", "AUX", "ADJ", "ADV", "PUNCT", "ADP", "NUM")


@dataclass(frozen=True)
class Candidate:
    """One quote the rules or the model propose, with what the decision reads of it."""

    quote: Quote
    origin: str  # "rule" or "model"
    features: dict[str, float]


@dataclass(frozen=True)
class Decision:
    """The fitted weights: one logistic regression per label over ``names``."""

    names: tuple[str, ...]
    hit: numpy.ndarray  # weights over names, then the intercept
    exact: numpy.ndarray
    threshold: float

    @cached_property
    def _column(self) -> dict[str, int]:
        """Each feature name's column in the weights, worked out once, not once per article."""
        return {name: k for k, name in enumerate(self.names)}

    def scores(self, candidates: Sequence[Candidate]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """P(hit), P(exact) of each candidate."""
        x = feature_matrix([cand.features for cand in candidates], self._column, intercept=True)
        return sigmoid(x @ self.hit), sigmoid(x @ self.exact)


def sigmoid(z: numpy.ndarray) -> numpy.ndarray:
    return 1.0 / (1.0 + numpy.exp(-z))


def kept_features(features: Sequence[Mapping[str, float]], min_count: int) -> list[str]:
    """The feature names a fit keeps: those seen on at least ``min_count`` rows, sorted."""
    counts = Counter(name for named in features for name in named)
    return sorted(name for name, n in counts.items() if n >= min_count)


def feature_matrix(features: Sequence[Mapping[str, float]], column: Mapping[str, int], *,
                   intercept: bool) -> numpy.ndarray:
    """One row per feature dict, one column per name in ``column`` (others are left out), and a
    last column of ones when ``intercept``: what the fitted weights multiply."""
    x = numpy.zeros((len(features), len(column) + int(intercept)))
    if intercept:
        x[:, -1] = 1.0
    for row, named in enumerate(features):
        for name, value in named.items():
            k = column.get(name)
            if k is not None:
                x[row, k] = value
    return x


@lru_cache(maxsize=2)
def load_decision(path: Path = DECISION_PATH) -> Decision:
    """The decision weights at ``path``, read once per process."""
    if not path.exists():
        raise FileNotFoundError(f"quote decision {path} is missing; run `make train`")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Decision(
        tuple(data["features"]), numpy.array(data["hit"]), numpy.array(data["exact"]), float(data["threshold"])
    )


class _Tokens:
    """Word tokens (``\\w+`` runs, as the scorer counts them) of a text, found by character offset."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def within(self, start: int, end: int) -> range:
        """The word tokens overlapping characters [start, end)."""
        return range(bisect_right(self.ends, start), bisect_left(self.starts, end))


def _jaccard(a: range, b: range) -> float:
    inter = max(0, min(a.stop, b.stop) - max(a.start, b.start))
    union = len(a) + len(b) - inter
    return inter / union if union else 0.0


def _quoted_share(text: str, start: int, end: int, mask: bytearray) -> float:
    marks = [mask[i] for i in range(start, end) if text[i].isalnum()]
    return sum(marks) / len(marks) if marks else 0.0


def describe(
    doc: Doc,
    columns: Columns,
    rule_quotes: Sequence[Quote],
    model_quotes: Sequence[tuple[Quote, float, float, float]],
    token_pcon: dict[int, float],
    tagged_tokens: frozenset[int] | set[int],
    quoted_mask: bytearray,
) -> list[Candidate]:
    """Every candidate of one article with its features.

    ``model_quotes``: the CRF's contents with the mean and minimum probability of content over
    their tokens and the share of their tokens tagged content; ``token_pcon``: that probability per
    token where the tagger computed it (tokens it tagged content or inside a rule quote);
    ``tagged_tokens``: the tokens of the paragraphs the tagger read.
    """
    text = columns.text
    words = _Tokens(text)
    para_starts = [0] + [m.end() for m in re.finditer(r"\n+", text)]
    sent_starts = sorted({s.start_char for s in doc.sents})
    raw: list[tuple[Quote, str, float, float, float]] = [(q, "rule", *_pcon(doc, q, token_pcon)) for q in rule_quotes]
    raw += [(q, "model", mean, low, share) for q, mean, low, share in model_quotes]
    spans = [words.within(q.start_char, q.end_char) for q, *_ in raw]
    tokens = [_doc_tokens(doc, q) for q, *_ in raw]
    # each layer's candidates indexed by word offsets: a long text holds thousands of them
    by_origin = {
        origin: OffsetIndex([k for k, item in enumerate(raw) if item[1] == origin], _start_of(spans), _stop_of(spans))
        for origin in RIVALS
    }
    candidates = []
    for k, (quote, origin, mean, low, share) in enumerate(raw):
        mine = spans[k]
        f: dict[str, float] = {origin: 1.0}
        if origin == "rule":
            f["rule:" + quote.extraction_method] = 1.0
        tok = doc.char_span(quote.start_char, quote.end_char, alignment_mode="expand")
        tagged = bool(tok is not None and len(tok) and tok[0].i in tagged_tokens)
        f[origin + ":tagged"] = float(tagged)
        f[origin + ":pcon_mean"] = mean
        f[origin + ":pcon_min"] = low
        f[origin + ":con_share"] = share
        f[origin + ":pcon_high"] = float(mean >= 0.9)
        f[origin + ":pcon_low"] = float(mean < 0.5)
        others = [
            (_jaccard(mine, spans[j]), j)
            for rival in RIVALS[origin]
            for j in by_origin[rival].near(mine.start, mine.stop)
            if spans[j].start < mine.stop and spans[j].stop > mine.start
        ]
        best, nearest = max(others, default=(0.0, None))
        f["other_jaccard"] = best
        if nearest is not None and best < 1.0:
            # where the two disagree, how sure the CRF is of the words only one of them holds
            theirs = tokens[nearest]
            for name, extra in (("extra", _minus(tokens[k], theirs)), ("missing", _minus(theirs, tokens[k]))):
                if extra:
                    f[name + "_log"] = math.log1p(len(extra))
                    f[name + "_pcon"] = sum(token_pcon.get(i, 0.0) for i in extra) / len(extra)
        f["other_same"] = float(best >= EXACT_JACCARD)
        f["other_none"] = float(not others)
        f["other_wider"] = float(any(_holds(spans[j], mine) for _, j in others))
        f["other_narrower"] = float(any(_holds(mine, spans[j]) for _, j in others))
        own = tokens[k]
        if own:
            # the CRF's content probability just inside and just outside each boundary
            f["edge_first"] = token_pcon.get(own.start, 0.0)
            f["edge_last"] = token_pcon.get(own.stop - 1, 0.0)
            f["edge_before"] = token_pcon.get(own.start - 1, 0.0)
            f["edge_after"] = token_pcon.get(own.stop, 0.0)
        n = max(len(mine), 1)
        f["log_len"] = math.log(n)
        f["short"] = float(n <= 3)
        f["long"] = float(n >= 40)
        first_sent = bisect_right(sent_starts, quote.start_char) - 1
        last_sent = bisect_right(sent_starts, max(quote.end_char - 1, quote.start_char)) - 1
        f["sentences"] = float(min(last_sent - first_sent + 1, 4))
        f["starts_sentence"] = float(first_sent >= 0 and _blank(text, sent_starts[first_sent], quote.start_char))
        next_sent = sent_starts[last_sent + 1] if last_sent + 1 < len(sent_starts) else len(text)
        f["ends_sentence"] = float(_blank(text, quote.end_char, next_sent, allowed=" \n.,;:!?\"'”’)"))
        para = para_starts[bisect_right(para_starts, quote.start_char) - 1]
        f["starts_paragraph"] = float(_blank(text, para, quote.start_char, allowed=" \"'“‘"))
        f["quoted_share"] = _quoted_share(text, quote.start_char, quote.end_char, quoted_mask)
        f["type:" + quote.quote_type] = 1.0
        f["kind:" + quote.attribution_kind] = 1.0
        f["cue"] = float(quote.cue_verb is not None)
        if quote.cue_verb:
            # which cue: PolNeAR marks some reporting words far more often than others ("said"
            # against "called"); the fit keeps the cues frequent in training (MIN_FEATURE_COUNT)
            f["cue:" + quote.cue_verb.lower()] = 1.0
        f["speaker"] = float(bool(quote.speaker_text))
        if quote.speaker_start_char is not None and quote.speaker_end_char is not None:
            head = doc.char_span(quote.speaker_start_char, quote.speaker_end_char, alignment_mode="expand")
            if head is not None and len(head):
                f["speaker_pron"] = float(all(t.pos_ == "PRON" for t in head))
                f["speaker_person"] = float(any(t.ent_type_ == "PERSON" for t in head))
                f["speaker_org"] = float(any(t.ent_type_ in ("ORG", "NORP", "GPE") for t in head))
                sp_sent = bisect_right(sent_starts, quote.speaker_start_char) - 1
                f["speaker_same_sentence"] = float(first_sent <= sp_sent <= last_sent)
        if tok is not None and len(tok):
            pos = tok[0].pos_
            f["first:" + (pos if pos in FIRST_POS else "X")] = 1.0
            # the shape of the content by layer: a rule takes a noun phrase only after a cue that
            # reports one ("called for an end to ..."), the CRF also tags names and objects of acts
            root = tok.root
            f[f"{origin}:clause"] = float(_is_clause(root))
            f[f"{origin}:root:" + (root.dep_ if root.dep_ in ROOT_DEPS else "X")] = 1.0
            # an object or clause of the cue itself, not a word further down ("called for a rally
            # to support X": X hangs on "support")
            f[f"{origin}:on_cue"] = float(quote.cue_verb in (root.head.lemma_.lower(), root.head.lower_))
        candidates.append(Candidate(quote, origin, f))
    return candidates


def _is_clause(root: Token) -> bool:
    """The content is a clause: its root is a finite verb or has a subject or a finite auxiliary."""
    if "Fin" in root.morph.get("VerbForm"):
        return True
    return any(c.dep_ in SUBJECTS or (c.dep_ in ("aux", "auxpass") and "Fin" in c.morph.get("VerbForm"))
               for c in root.children)


def _start_of(spans: Sequence[range]) -> Callable[[int], int]:
    return lambda k: spans[k].start


def _stop_of(spans: Sequence[range]) -> Callable[[int], int]:
    return lambda k: spans[k].stop


def _holds(outer: range, inner: range) -> bool:
    return outer != inner and outer.start <= inner.start and outer.stop >= inner.stop


def _doc_tokens(doc: Doc, quote: Quote) -> range:
    span = doc.char_span(quote.start_char, quote.end_char, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def _minus(a: range, b: range) -> list[int]:
    return [i for i in a if i not in b]


def _blank(text: str, start: int, end: int, allowed: str = " \n") -> bool:
    """Only ``allowed`` characters lie between ``start`` and ``end``."""
    return all(c in allowed for c in text[start:end])


def _pcon(doc: Doc, quote: Quote, token_pcon: dict[int, float]) -> tuple[float, float, float]:
    """The CRF's mean and minimum probability of content over a rule quote's tokens, and the
    share of them it gave (0 where its paragraph was not tagged)."""
    span = doc.char_span(quote.start_char, quote.end_char, alignment_mode="expand")
    values = [token_pcon.get(t.i, 0.0) for t in span if not t.is_space] if span is not None else []
    if not values:
        return 0.0, 0.0, 0.0
    return sum(values) / len(values), min(values), sum(v > 0.5 for v in values) / len(values)


def _loose_phrase(candidate: Candidate) -> bool:
    """A model content no rule quote overlaps that is not a clause and either does not hang on its
    cue ("called for a rally to support X in Y": "X in Y") or hangs on a copula ("talks were under
    way at X on Y": a predicate, not a report). PolNeAR marks about half of the first kind the
    regressions keep (train folds: F1@0.3 0.004 lower without them, 0.8 unchanged; the copula's:
    no change), but a reader of "who said what" rarely wants them: not kept."""
    f = candidate.features
    if candidate.origin != "model" or not f.get("other_none") or f.get("model:clause"):
        return False
    return not f.get("model:on_cue") or candidate.quote.cue_verb in COPULAS


def select(candidates: Sequence[Candidate], decision: Decision) -> list[Candidate]:
    """The candidates kept: greedy by ``hit + exact``, no two overlapping, ``hit`` at least the threshold."""
    if not candidates:
        return []
    hit, exact = decision.scores(candidates)
    order = sorted(range(len(candidates)), key=lambda k: (-(hit[k] + exact[k]), k))
    kept: list[Candidate] = []
    taken = bytearray(max(c.quote.end_char for c in candidates) + 1)  # 1 per character a kept quote covers
    for k in order:
        q = candidates[k].quote
        if hit[k] < decision.threshold or _loose_phrase(candidates[k]) or any(taken[q.start_char : q.end_char]):
            continue
        kept.append(candidates[k])
        taken[q.start_char : q.end_char] = b"\x01" * (q.end_char - q.start_char)
    return kept


# ---------------------------------------------------------------------------------------- training


def gold_word_spans(text: str, article: CorpusArticle, attributions: Sequence[dict]) -> list[range]:
    """Each gold content as the word tokens of ``text`` (clean) its raw characters map to."""
    from newsetl.extract.learned.corpus import span_pieces

    words = _Tokens(text)
    raw_to_clean = {raw: k for k, raw in enumerate(article.raw_offsets) if raw >= 0}
    found = []
    for attribution in attributions:
        chars = sorted(
            raw_to_clean[i]
            for start, end in span_pieces(attribution.get("content_spans") or attribution.get("content"))
            for i in range(start, end)
            if i in raw_to_clean
        )
        if chars:
            found.append(words.within(chars[0], chars[-1] + 1))
    return found


def labels(text: str, candidates: Sequence[Candidate], gold: Sequence[range]) -> list[tuple[int, int]]:
    """(hit, exact) of each candidate: its best token Jaccard with a gold content at 0.3 / 0.8."""
    words = _Tokens(text)
    found = []
    for cand in candidates:
        mine = words.within(cand.quote.start_char, cand.quote.end_char)
        best = max((_jaccard(mine, g) for g in gold), default=0.0)
        found.append((int(best >= HIT_JACCARD), int(best >= EXACT_JACCARD)))
    return found


def fit_decision(rows: Sequence[tuple[dict[str, float], int, int]], out: Path, threshold: float = THRESHOLD) -> dict:
    """Fit both regressions on ``rows`` (features, hit, exact) and write the weights to ``out``."""
    from sklearn.linear_model import LogisticRegression

    features = [f for f, _, _ in rows]
    names = kept_features(features, MIN_FEATURE_COUNT)
    x = feature_matrix(features, {name: k for k, name in enumerate(names)}, intercept=False)
    weights = {}
    for label, column in (("hit", 1), ("exact", 2)):
        y = numpy.array([row[column] for row in rows])
        model = LogisticRegression(C=REGULARISATION, max_iter=2000, solver="lbfgs")
        model.fit(x, y)
        weights[label] = [round(float(w), 6) for w in model.coef_[0]] + [round(float(model.intercept_[0]), 6)]
    out.write_text(
        json.dumps({"features": names, **weights, "threshold": threshold}, indent=1) + "\n", encoding="utf-8"
    )
    return {
        "candidates": len(rows),
        "hits": sum(r[1] for r in rows),
        "exact": sum(r[2] for r in rows),
        "decision_features": len(names),
    }
