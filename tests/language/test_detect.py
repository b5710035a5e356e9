"""Language detection: deterministic, with a confidence, and ``und`` rather than a guess."""

from __future__ import annotations

import pytest

from newsetl.language import detect_language

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
