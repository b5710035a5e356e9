"""The learned speaker choice (newsetl.extract.learned.speaker_choice): options, choice, labels.

Sentences are written for these tests (none comes from the PolNeAR splits).
"""

from __future__ import annotations

import numpy

from newsetl.extract.learned.speaker_choice import (
    SPEAKER_CHOICE_PATH,
    GoldSource,
    SpeakerChoice,
    SpeakerOption,
    choose,
    cue_token,
    gold_sources,
    labelled_options,
    load_speaker_choice,
    options,
    pick,
    same_name,
)
from newsetl.extract.speakers import Speaker
from newsetl.offsets import OffsetIndex
from newsetl.records import Quote

TEXT = (
    "Mayor Lena Ortiz opened the new bridge on Friday. "
    "The ceremony drew a large crowd, Ortiz said, adding that the toll would stay low."
)


def _quote(text: str, part: str, speaker: str | None, cue: str | None = "say") -> Quote:
    start = text.index(part)
    at = text.index(speaker) if speaker else None
    return Quote(part, "indirect", speaker, cue, start, start + len(part), 1, "speech", "cue_clause",
                 at, at + len(speaker) if speaker and at is not None else None)


def _index(quotes: list[Quote]) -> OffsetIndex[Quote]:
    return OffsetIndex(quotes, lambda q: q.start_char, lambda q: q.end_char)


def test_the_cue_is_found_up_the_parse_and_its_subject_is_an_option(nlp_en) -> None:
    doc = nlp_en(TEXT)
    # the own speaker is wrong ("crowd"): the cue's subject is among the options
    quote = _quote(TEXT, "The ceremony drew a large crowd", "crowd")
    content = doc.char_span(quote.start_char, quote.end_char)
    assert cue_token(content, "say").text == "said"
    found = options(doc, quote, "model", _index([]), _index([]), [])
    by_text = {o.speaker.text: o for o in found}
    assert by_text["crowd"].features["src:own"] == 1.0
    ortiz = next(o for text, o in by_text.items() if text.endswith("Ortiz") and o.features.get("src:subject"))
    assert ortiz.features["cue_subject"] == 1.0 and ortiz.features["same_sentence"] == 1.0
    assert all(o.features["origin:model"] == 1.0 for o in found)


def _option(text: str, **features: float) -> SpeakerOption:
    return SpeakerOption(Speaker(text, 0, len(text), "person"), 0, features)


# P = sigmoid(3 * subject - 1)
CHOICE = SpeakerChoice(("src:subject",), numpy.array([3.0, -1.0]), 0.2)


def test_a_better_option_replaces_the_own_speaker_only_past_the_margin() -> None:
    quote = _quote(TEXT, "The ceremony drew a large crowd", "crowd")
    own, subject = _option("crowd", **{"src:own": 1.0}), _option("Lena Ortiz", **{"src:subject": 1.0})
    assert pick(quote, [own, subject], choice=CHOICE).speaker_text == "Lena Ortiz"
    assert pick(quote, [own, subject], choice=SpeakerChoice(CHOICE.names, CHOICE.weights, 0.9)) == quote
    assert pick(quote, [], choice=CHOICE) == quote
    # a quote without a speaker takes the likeliest option, whatever the margin
    bare = _quote(TEXT, "The ceremony drew a large crowd", None)
    assert pick(bare, [_option("crowd"), subject], choice=CHOICE).speaker_text == "Lena Ortiz"


def test_choose_hands_each_quote_its_options_in_order(nlp_en) -> None:
    doc = nlp_en(TEXT)
    first = _quote(TEXT, "The ceremony drew a large crowd", "Ortiz")
    second = _quote(TEXT, "the toll would stay low", None)
    seen: list[int] = []

    def count(quote: Quote, found: list[SpeakerOption]) -> Quote:
        seen.append(len(found))
        return quote

    assert choose(doc, [(first, "rule"), (second, "model")], _index([]), _index([]), count) == [first, second]
    assert len(seen) == 2 and all(n > 0 for n in seen)


def test_same_name_reads_the_last_name_word() -> None:
    assert same_name("Lena Ortiz", "Mayor Lena Ortiz, who chairs the board,")
    assert same_name("Ortiz’s", "the mayor, Ortiz")
    assert same_name("Luis Peña Jr.", "Pena")
    assert not same_name("the crowd", "Ortiz")
    assert not same_name("", "Ortiz")


def test_labels_mark_the_options_that_name_the_gold_source(nlp_en) -> None:
    doc = nlp_en(TEXT)
    raw = "Headline\n" + TEXT
    offsets = tuple(range(9, 9 + len(TEXT)))
    content, source = raw.index("The ceremony"), raw.index("Ortiz said")
    attributions = [{
        "content_spans": [[content, content + len("The ceremony drew a large crowd")]],
        "source": [source, source + len("Ortiz")],
        "source_text": "Ortiz",
    }, {"content": [0, 8], "source_text": None}]
    (gold,) = gold_sources(TEXT, offsets, attributions)
    assert isinstance(gold, GoldSource) and TEXT[gold.start : gold.end] == "Ortiz"
    quote = _quote(TEXT, "The ceremony drew a large crowd", "crowd")
    ((pronoun, rows),) = labelled_options(doc, [(quote, "rule")], _index([]), _index([]), [gold])
    assert not pronoun
    labels = {o_features.get("src:own", 0.0): label for o_features, label in rows}
    assert labels[1.0] == 0  # "crowd" is not Ortiz
    assert any(label for _, label in rows)  # the cue's subject is


def test_the_committed_speaker_choice_loads() -> None:
    choice = load_speaker_choice()
    assert SPEAKER_CHOICE_PATH.exists() and 0.0 <= choice.margin <= 1.0
    assert len(choice.weights) == len(choice.names) + 1


def test_a_possessor_place_does_not_take_the_quote_of_the_name_it_qualifies(nlp_en) -> None:
    from newsetl.extract.learned.tagger import learned_quotes
    from newsetl.extract.quotes import find_quotes

    # the seed construction "<Country>'s <Surname> pledged that ...": the place is an option (a
    # word of the cue's subject), the person is the speaker
    doc = nlp_en("Finance minister Carla Mendes met the union leaders on Monday. "
                 "Portugal's Mendes warned that the budget deal would collapse without them.")
    (quote,) = learned_quotes(doc, find_quotes(doc, language="en"), language="en")
    assert quote.quote_text.endswith("the budget deal would collapse without them")
    assert quote.speaker_text is not None and quote.speaker_text.endswith("Mendes")
