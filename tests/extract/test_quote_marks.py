"""Quotation-mark pairing (newsetl.extract.quote_marks): pure text in, spans out, no model."""

from __future__ import annotations

import pytest

from newsetl.extract.quote_marks import find_quoted_spans


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quoted_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("He said “we will win” today.", ["we will win"], id="curly"),
        pytest.param('He said "we will win" today.', ["we will win"], id="straight"),
        pytest.param("Il a dit « nous gagnerons » hier.", ["nous gagnerons"], id="guillemets"),
        pytest.param("Er sagte „wir gewinnen“ heute.", ["wir gewinnen"], id="german-low-high"),
        pytest.param(
            'Russia’s Lavrov pledged that Moscow would keep working on the deal "until a result is achieved.”',
            ["until a result is achieved."],
            id="straight-open-curly-close",
        ),
        pytest.param(
            "saying the plan “ignored many of the demands of the LNA.\nNext paragraph.",
            ["ignored many of the demands of the LNA."],
            id="unclosed-runs-to-paragraph-end",
        ),
        pytest.param(
            "the nine-month war.“\n\nToday we can report that some progress was made,” said Lavrov.",
            ["Today we can report that some progress was made,"],
            id="dangling-opener-at-paragraph-end",
        ),
        pytest.param("the LNA’s demands and Moscow’s influence", [], id="apostrophes-are-not-marks"),
        pytest.param("She called it ‘a disgrace’ on Monday.", ["a disgrace"], id="single-curly"),
        pytest.param(
            "''It's just patching the roof,'' said Ms. Varga.",
            ["It's just patching the roof,"],
            id="two-apostrophes",
        ),
        pytest.param(
            'One "odd mark here.\n"Then a quote," he said.',
            ["odd mark here.", "Then a quote,"],
            id="odd-count-loses-one-paragraph-only",
        ),
    ],
)
def test_quoted_spans(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_spans_are_sorted_and_disjoint() -> None:
    text = "“A,” he said. “B” and “C”.\n“D"
    spans = find_quoted_spans(text)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert [s.closed for s in spans] == [True, True, True, False]
