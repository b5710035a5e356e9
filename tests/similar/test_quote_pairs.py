"""The clustering rule on hand-labelled pairs of reports (tests/similar/quote_pairs.tsv).

The pairs come from the seed articles and from sentences written for this file, never from the
PolNeAR splits. The thresholds in ``Settings`` were chosen on them; these tests pin the result
and print it, so a change to the rule shows its precision and recall here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from newsetl.settings import get_settings
from newsetl.similar import quote_features, same_statement

PAIRS_FILE = Path(__file__).with_name("quote_pairs.tsv")
PAIRS = list(csv.DictReader(PAIRS_FILE.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))


def linked(pair: dict) -> bool:
    settings = get_settings()
    return same_statement(
        quote_features(pair["text_a"], pair["language_a"]), quote_features(pair["text_b"], pair["language_b"]),
        min_similarity=settings.quote_cluster_min_similarity,
        min_similarity_across_languages=settings.quote_cluster_min_similarity_across_languages)


def test_precision_and_recall_on_the_labelled_pairs() -> None:
    found = [(pair["same"] == "1", linked(pair)) for pair in PAIRS]
    true_positives = sum(gold and predicted for gold, predicted in found)
    precision = true_positives / sum(predicted for _, predicted in found)
    recall = true_positives / sum(gold for gold, _ in found)
    print(f"\nquote pairs: {len(PAIRS)}, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.8


@pytest.mark.parametrize("pair", [p for p in PAIRS if p["same"] == "0"], ids=lambda p: p["text_b"][:40])
def test_different_statements_of_one_speaker_stay_apart(pair: dict) -> None:
    assert not linked(pair)


@pytest.mark.parametrize("pair", [p for p in PAIRS if p["kind"] in ("exact", "excerpt")],
                         ids=lambda p: p["text_b"][:40])
def test_copies_and_shorter_excerpts_are_one_statement(pair: dict) -> None:
    assert linked(pair)


def test_a_translation_sharing_names_and_cognates_is_one_statement() -> None:
    pair = next(p for p in PAIRS if p["text_a"].startswith("La conférence de Berlin"))
    assert linked(pair)
