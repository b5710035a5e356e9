"""Language detection: deterministic, with a confidence, and ``und`` rather than a guess."""

from __future__ import annotations

import json

import pytest

from newsetl.language import detect_language
from newsetl.language.detect import SAMPLE_CHARS, SEED

ENGLISH = ("Russia said it made progress after hosting indirect peace talks aimed at ending the conflict in "
           "Libya, despite failing to secure an open ended cease-fire deal between the warring sides.")
FRENCH = ("Le chef du gouvernement reconnu par l'ONU, Fayez al-Sarraj, et l'homme fort de l'Est, le maréchal "
          "Khalifa Haftar, se sont rendus à Moscou pour ces pourparlers.")


@pytest.mark.parametrize(("text", "language"), [(ENGLISH, "en"), (FRENCH, "fr")])
def test_language_is_detected_with_high_confidence(text: str, language: str) -> None:
    guess = detect_language(text)
    assert guess.language == language
    assert guess.confidence >= 0.9


def test_detection_is_deterministic() -> None:
    mixed = "Lavrov said: « Today we can report progress » Moscou, Libye, ceasefire talks."
    assert len({detect_language(mixed, min_letters=10, min_confidence=0.0) for _ in range(20)}) == 1


@pytest.mark.parametrize("text", ["", "Subscribe", "Russia, Libya, Syria", "12 345 678"])
def test_short_text_is_undetermined(text: str) -> None:
    assert detect_language(text).language == "und"


def _corpus_texts() -> list[str]:
    """Texts in nine languages (langid_pud: one line in eight, sentences and multi-sentence
    texts) and English news (the seed articles), as the language stage samples them."""
    from tests.conftest import SAMPLE_CORPUS, SHARED

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_CORPUS.glob("*.txt"))]
    pud = SHARED / "corpus" / "langid_pud" / "langid_pud.jsonl"
    if pud.exists():
        rows = [json.loads(line) for line in pud.read_text(encoding="utf-8").splitlines()]
        texts += [row["text"] for row in rows[::8]]
    return [text[:SAMPLE_CHARS] for text in texts]


def test_the_fast_detector_gives_langdetect_s_own_probabilities() -> None:
    """``FastDetector`` replaces langdetect's character loops, not its model or its draws: every
    probability it gives equals the stock detector's, bit for bit, in every language."""
    from langdetect import DetectorFactory, detect_langs

    from newsetl.language.fast import detector

    texts = _corpus_texts()
    DetectorFactory.seed = SEED
    for text in texts:
        fast = detector()
        fast.append(text)
        assert [(g.lang, g.prob) for g in fast.get_probabilities()] == [(g.lang, g.prob) for g in detect_langs(text)]
