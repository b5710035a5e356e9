"""Speakers (newsetl.extract.speakers) through quote extraction: names the NER missed, pronouns
after an unnamed source. New sentences of the constructions met in the sample corpus."""

from __future__ import annotations

import spacy

from newsetl.extract.quotes import find_quotes


def test_a_name_the_ner_missed_takes_the_span_where_it_is_tagged(nlp_en: spacy.Language) -> None:
    text = "Senator Maria Lopez opened the hearing on Tuesday. Ohio’s Lopez pledged that the bill would pass."
    doc = nlp_en(text)
    second = text.rindex("Lopez")
    assert not any(e.start_char <= second < e.end_char for e in doc.ents), "the rule needs the NER to miss it"
    quote = find_quotes(doc, language="en")[-1]
    assert quote.speaker_text == "Lopez"
    # the span the load stage joins to a mention, and so to the actor Maria Lopez
    assert text[quote.speaker_start_char : quote.speaker_end_char] == "Maria Lopez"


def test_he_does_not_reach_past_an_unnamed_source(nlp_en: spacy.Language) -> None:
    text = (
        "Senator Maria Lopez said the vote was fair.\n\nThe draft law, of which Reuters has a copy, supports "
        "“a full review of the budget”. He advocates “an end to the fee” and a new audit.\n"
    )
    quote = find_quotes(nlp_en(text), language="en")[-1]
    assert (quote.speaker_text, quote.speaker_start_char) == ("He", None)


def test_he_after_a_description_is_not_a_person_named_before_it(nlp_en: spacy.Language) -> None:
    text = (
        "Senator Maria Lopez said the vote was fair. Her aide, Tom Reyes, spoke next.\n\n"
        "The spokesman said the count would resume. He said “the ballots are safe.”\n"
    )
    speakers = [q.speaker_text for q in find_quotes(nlp_en(text), language="en")]
    assert speakers == ["Maria Lopez", "The spokesman", "He"]


def test_he_continues_the_last_person_speaker(nlp_en: spacy.Language) -> None:
    text = "Senator Maria Lopez said the vote was fair.\n\n“The count was clean,” she said."
    quote = find_quotes(nlp_en(text), language="en")[-1]
    assert text[quote.speaker_start_char : quote.speaker_end_char] == "Maria Lopez"
