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
from pathlib import Path

from newsetl.extract.learned.features import paragraphs, sequence_items, token_features
from newsetl.extract.learned.tagger import MODEL_PATH

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


def training_sequences(folder: Path, cache_dir: Path) -> tuple[list[list[list[str]]], list[list[str]]]:
    """The tagger's input and gold tags, one sequence per paragraph of every training article."""
    from newsetl.extract.cues import cue_lexicon
    from newsetl.extract.learned.corpus import iter_corpus
    from newsetl.extract.nlp import load_nlp
    from newsetl.extract.quotes import find_quotes

    nlp, lexicon = load_nlp("en"), cue_lexicon("en")
    xs, ys = [], []
    for _article, doc, tags in iter_corpus(nlp, folder, cache_dir):
        feats = token_features(doc, lexicon, find_quotes(doc, language="en"))
        for indices in paragraphs(doc):
            xs.append(sequence_items(feats, indices))
            ys.append([tags[i] for i in indices])
    return xs, ys


def train(folder: Path, out: Path, cache_dir: Path, params: dict | None = None) -> dict[str, float]:
    """Fit the CRF on ``folder`` and write it to ``out``; returns counts and timings."""
    import pycrfsuite

    started = time.perf_counter()
    xs, ys = training_sequences(folder, cache_dir)
    prepared = time.perf_counter()
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**PARAMS, "feature.minfreq": MIN_FEATURE_FREQ, **(params or {})})
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return {
        "sequences": len(xs),
        "tokens": sum(len(y) for y in ys),
        "features_s": round(prepared - started, 1),
        "fit_s": round(time.perf_counter() - prepared, 1),
        "iterations": trainer.logparser.last_iteration.get("num", 0) if trainer.logparser.last_iteration else 0,
        "model_mb": round(out.stat().st_size / 1e6, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=TRAIN_FOLDER, help="a PolNeAR-format folder")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a crfsuite parameter")
    args = parser.parse_args(argv)
    if not (args.train / "gold.jsonl").exists():
        print(f"train: no gold.jsonl in {args.train}", file=sys.stderr)
        return 2
    params = dict(p.split("=", 1) for p in args.param)
    stats = train(args.train, args.out, args.cache_dir, params)
    print("train " + " ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
