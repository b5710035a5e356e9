"""Train the attribution tagger on PolNeAR's train split: ``make train`` (``python -m newsetl.extract.learned.train``).

Reads ``../shared/corpus/polnear_train`` (never the dev split, which selects and gates), cleans
each article as the pipeline does, parses it with the project's spaCy model (cached under
``data/cache/``), runs the rule extractor for its features, and fits a linear-chain CRF with
L-BFGS (python-crfsuite; deterministic: no sampling, no shuffling). Writes the weights beside
``tagger.py``, where the package ships them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from newsetl.extract.learned.corpus import CorpusArticle, read_gold
from newsetl.extract.learned.decision import DECISION_PATH
from newsetl.extract.learned.features import paragraphs, sequence_items, token_features
from newsetl.extract.learned.speaker_choice import SPEAKER_CHOICE_PATH
from newsetl.extract.learned.tagger import MODEL_PATH

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsetl.extract.learned.decision import Candidate
    from newsetl.records import Quote

ROOT = Path(__file__).resolve().parents[4]
TRAIN_FOLDER = ROOT.parent / "shared" / "corpus" / "polnear_train"
CACHE_DIR = ROOT / "data" / "cache"
# The chosen configuration (MODEL_CARD.md lists the ones tried on dev).
PARAMS = {
    "c1": 0.05,  # L1: drops features that do not help, which keeps the weights small
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}
# A feature seen fewer times than this in training is left out.
MIN_FEATURE_FREQ = 2
# Folds of the training articles (by position in file-name order) for the decision's candidates.
FOLDS = 2
# How much a candidate speaker must beat a quote's own by: the one best on the folds is kept.
SPEAKER_MARGINS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)


class TrainingArticle(NamedTuple):
    """One article of the training split as the trainers read it."""

    article: CorpusArticle
    doc: Doc
    tags: list[str]  # gold BIO tags per token
    rule_quotes: list[Quote]
    xs: list[list[list[str]]]  # the tagger's input, one sequence per paragraph
    ys: list[list[str]]


def training_articles(folder: Path, cache_dir: Path) -> list[TrainingArticle]:
    """Every article of ``folder`` parsed, with its gold tags, the rules' quotes and the tagger's input."""
    from newsetl.extract.cues import cue_lexicon
    from newsetl.extract.learned.corpus import iter_corpus
    from newsetl.extract.nlp import load_nlp
    from newsetl.extract.quotes import find_quotes

    nlp, lexicon = load_nlp("en"), cue_lexicon("en")
    found = []
    for article, doc, tags in iter_corpus(nlp, folder, cache_dir):
        rule_quotes = find_quotes(doc, language="en")
        feats = token_features(doc, lexicon, rule_quotes)
        indices = paragraphs(doc)
        xs = [sequence_items(feats, ix) for ix in indices]
        found.append(TrainingArticle(article, doc, tags, rule_quotes, xs, [[tags[i] for i in ix] for ix in indices]))
    return found


def fit_crf(articles: Sequence[TrainingArticle], out: Path, params: dict | None = None) -> int:
    """Fit the CRF on ``articles`` and write it to ``out``; returns the iterations L-BFGS ran."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**PARAMS, "feature.minfreq": MIN_FEATURE_FREQ, **(params or {})})
    for item in articles:
        for x, y in zip(item.xs, item.ys, strict=True):
            trainer.append(x, y)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    last = trainer.logparser.last_iteration
    return last.get("num", 0) if last else 0


def training_rows(
    item: TrainingArticle, candidates: Sequence[Candidate], attributions: Sequence[dict]
) -> list[tuple[dict[str, float], int, int]]:
    """The decision's training rows of one article: each candidate's features, whether it matches
    a gold content at token Jaccard 0.3 and 0.8."""
    from newsetl.extract.learned.decision import gold_word_spans, labels

    gold = gold_word_spans(item.article.clean_text, item.article, attributions)
    found = labels(item.article.clean_text, candidates, gold)
    return [(c.features, hit, exact) for c, (hit, exact) in zip(candidates, found, strict=True)]


class HeldOut(NamedTuple):
    """One article as the CRF that never saw it tags it."""

    fold: int
    item: TrainingArticle
    candidates: list[Candidate]
    model_quotes: list[Quote]
    attributions: list[dict]


def fit_speakers(held_out: Sequence[HeldOut], decision_path: Path, out: Path) -> dict[str, float]:
    """Fit the speaker choice on the options of the quotes the decision keeps in each held-out
    article, with the margin that scores best when each fold is scored by weights fitted on the
    others (``SPEAKER_MARGINS``); writes ``out``."""
    from newsetl.extract.learned.decision import load_decision
    from newsetl.extract.learned.speaker_choice import (
        SpeakerChoice,
        accuracy,
        design,
        fit_speaker_choice,
        fit_weights,
        gold_sources,
        labelled_options,
    )
    from newsetl.extract.learned.tagger import _index, kept_quotes

    load_decision.cache_clear()  # the decision just written, not one read before the fit
    decision = load_decision(decision_path)
    groups: dict[int, list] = {}
    for held in held_out:
        article = held.item.article
        kept = kept_quotes(held.candidates, held.model_quotes, held.item.rule_quotes, decision)
        golds = gold_sources(article.clean_text, article.raw_offsets, held.attributions)
        found = labelled_options(held.item.doc, kept, _index(held.item.rule_quotes), _index(held.model_quotes), golds)
        groups.setdefault(held.fold, []).extend(found)
    scored: dict[float, list[float]] = {margin: [] for margin in SPEAKER_MARGINS}
    for fold, test in groups.items():
        names, x, y = design([row for k, g in groups.items() if k != fold for _, rows in g for row in rows])
        choice = SpeakerChoice(tuple(names), fit_weights(x, y), 0.0)
        p = [choice.scores([f for f, _ in rows]) for _, rows in test]
        for margin in SPEAKER_MARGINS:
            scored[margin].append(accuracy(test, p, margin))
    mean = {margin: sum(v) / len(v) for margin, v in scored.items()}
    # the best margin on the folds; a tie goes to the larger margin (fewer speakers changed)
    margin = max(SPEAKER_MARGINS, key=lambda m: (round(mean[m], 4), m))
    stats = fit_speaker_choice([row for g in groups.values() for _, rows in g for row in rows], out, margin)
    return {**stats, "speaker_margin": margin, **{f"speaker_acc_folds@{m}": round(a, 4) for m, a in mean.items()}}


def fold_path(cache_dir: Path, fold: int) -> Path:
    """Where the CRF that never saw fold ``fold`` is kept (outside the package: only training reads it)."""
    return cache_dir / "folds" / f"attribution_crf_fold{fold}.crfsuite"


def train(
    folder: Path, out: Path, cache_dir: Path, params: dict | None = None, *, decision_out: Path = DECISION_PATH,
    speaker_out: Path = SPEAKER_CHOICE_PATH, reuse: bool = False,
) -> dict[str, float]:
    """Fit the CRF on ``folder`` and write it to ``out``, then the quote decision over its and the
    rules' candidates (``decision_out``) and the speaker choice over the kept quotes' candidate
    speakers (``speaker_out``); returns counts and timings.

    The decision learns from candidates the CRF finds on text it was not trained on: each fold of
    the articles is tagged by a CRF fitted on the other folds (``FOLDS``), as the shipped CRF tags
    unseen news. ``reuse`` keeps the CRFs already written (for iterating on the decision only;
    ``make train`` refits them).
    """
    from newsetl.extract.learned.decision import fit_decision
    from newsetl.extract.learned.tagger import candidates_of

    started = time.perf_counter()
    articles = training_articles(folder, cache_dir)
    prepared = time.perf_counter()
    iterations = 0 if reuse and out.exists() else fit_crf(articles, out, params)
    fitted = time.perf_counter()
    rows = []
    held_out = []
    gold = read_gold(folder)
    for fold in range(FOLDS):
        path = fold_path(cache_dir, fold)
        held = [a for k, a in enumerate(articles) if k % FOLDS == fold]
        if not (reuse and path.exists()):
            fit_crf([a for k, a in enumerate(articles) if k % FOLDS != fold], path, params)
        for item in held:
            attributions = gold.get(item.article.article_id, [])
            candidates, model_quotes = candidates_of(item.doc, item.rule_quotes, language="en", path=path)
            rows.extend(training_rows(item, candidates, attributions))
            held_out.append(HeldOut(fold, item, candidates, model_quotes, attributions))
    folds_done = time.perf_counter()
    decision = fit_decision(rows, decision_out)
    speakers = fit_speakers(held_out, decision_out, speaker_out)
    decided = time.perf_counter()
    return {
        "sequences": sum(len(a.xs) for a in articles),
        "tokens": sum(len(y) for a in articles for y in a.ys),
        "features_s": round(prepared - started, 1),
        "fit_s": round(fitted - prepared, 1),
        "iterations": iterations,
        "folds_s": round(folds_done - fitted, 1),
        "decision_s": round(decided - folds_done, 1),
        "model_mb": round(out.stat().st_size / 1e6, 2),
        **decision,
        **speakers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=TRAIN_FOLDER, help="a PolNeAR-format folder")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a crfsuite parameter")
    parser.add_argument("--reuse", action="store_true", help="keep the CRFs already written, fit the decision only")
    args = parser.parse_args(argv)
    if not (args.train / "gold.jsonl").exists():
        print(f"train: no gold.jsonl in {args.train}", file=sys.stderr)
        return 2
    params = dict(p.split("=", 1) for p in args.param)
    stats = train(args.train, args.out, args.cache_dir, params, reuse=args.reuse)
    print("train " + " ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
