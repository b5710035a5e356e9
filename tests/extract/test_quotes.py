"""Quote extraction (newsetl.extract.quotes): direct, indirect and mixed quotes and speakers.

Most cases are real sentences from the seed articles (/work/shared/corpus/seeds), run through the
English model once per session (``nlp_en`` in tests/conftest.py); the cue rule itself is also
tested on a Doc built by hand, so that a model release cannot change what it checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from newsetl.extract import extract_texts
from newsetl.extract.quotes import find_quotes
from newsetl.records import Quote

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"


def content_and_speaker(nlp: spacy.Language, text: str) -> list[tuple[str, str | None]]:
    """Each English quote of ``text`` as (quote text, speaker), in document order."""
    return [(q.quote_text, q.speaker_text) for q in find_quotes(nlp(text), language="en")]


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, quotes
    return quotes[0]


# (sentence, quote text, type, speaker) - one attributed statement per sentence
SINGLE_QUOTES = [
    pytest.param(
        "“Today we can report that certain progress has been made,” said Russian Foreign Minister "
        "Sergey Lavrov at a press conference on Monday.",
        "Today we can report that certain progress has been made",
        "direct",
        "Sergey Lavrov",
        id="direct-said-title-stripped",
    ),
    pytest.param(
        "Fayez al-Serraj, who heads Libya’s Tripoli-based internationally recognised government, "
        "signed the ceasefire agreement, Russian Foreign Minister Sergei Lavrov said.",
        "Fayez al-Serraj, who heads Libya’s Tripoli-based internationally recognised government, "
        "signed the ceasefire agreement",
        "indirect",
        "Sergei Lavrov",
        id="indirect-postposed-said",
    ),
    pytest.param(
        "Haftar later told the Middle Eastern media that the Russian-Turkish plan “neglected many of "
        "the LNA’s demands, including the determination of a deadline”.",
        "that the Russian-Turkish plan “neglected many of the LNA’s demands, including the determination of a deadline",
        "mixed",
        "Haftar",
        id="mixed-told-that",
    ),
    pytest.param(
        "According to the Kremlin’s press service, Putin informed Merkel of the outcome of the Moscow "
        "talks in a phone call on Tuesday.",
        "Putin informed Merkel of the outcome of the Moscow talks in a phone call on Tuesday",
        "indirect",
        "Kremlin",
        id="according-to-possessor-named",
    ),
    pytest.param(
        'Russia’s Lavrov pledged that Moscow would keep working on the Libyan peace deal "until a result is achieved.”',
        'that Moscow would keep working on the Libyan peace deal "until a result is achieved.',
        "mixed",
        "Lavrov",
        id="mixed-straight-open-curly-close",
    ),
    pytest.param(
        "Haftar later commented to Middle East media outlets, saying the Russian-Turkish plan "
        "“ignored many of the demands of the LNA — such as a deadline.\n\nIn Ankara, talks went on.",
        "the Russian-Turkish plan “ignored many of the demands of the LNA — such as a deadline.",
        "mixed",
        "Haftar",
        id="mixed-unclosed-quote-saying",
    ),
    pytest.param(
        "Lavrov said, “Haftar asked for some additional time to consider a draft ceasefire agreement.”",
        "Haftar asked for some additional time to consider a draft ceasefire agreement.",
        "direct",
        "Lavrov",
        id="direct-said-comma-before",
    ),
    pytest.param(
        "Russian Foreign Minister Sergei Lavrov said that “the Libyan state was destroyed by NATO.”",
        "the Libyan state was destroyed by NATO.",
        "direct",
        "Sergei Lavrov",
        id="direct-after-that",
    ),
    pytest.param(
        "Turkish President Recep Tayyip Erdogan insists that Haftar simply broke his promise to sign "
        "the agreement during the talks in Moscow.",
        "that Haftar simply broke his promise to sign the agreement during the talks in Moscow",
        "indirect",
        "Recep Tayyip Erdogan",
        id="indirect-insists-that",
    ),
    # PolNeAR-style attributions (shapes seen in the PolNeAR dev articles, written afresh: that
    # corpus may not be copied into the project)
    pytest.param(
        "The deal was a mistake, Senator Mary Jones said, because it ignored the workers.",
        "The deal was a mistake, Senator Mary Jones said, because it ignored the workers",
        "indirect",
        "Mary Jones",
        id="indirect-parenthetical-said",
    ),
    pytest.param(
        "Governor Tom Baker repeated his claim that the budget was balanced.",
        "that the budget was balanced",
        "indirect",
        "Tom Baker",
        id="indirect-noun-cue-claim-that",
    ),
    pytest.param(
        "Mayor Ana Ruiz accused the council of hiding the report.",
        "the council of hiding the report",
        "indirect",
        "Ana Ruiz",
        id="indirect-object-and-preposition",
    ),
]


@pytest.mark.parametrize(("text", "quote_text", "quote_type", "speaker"), SINGLE_QUOTES)
def test_single_quote(nlp_en: spacy.Language, text: str, quote_text: str, quote_type: str, speaker: str) -> None:
    quote = only(find_quotes(nlp_en(text), language="en"))
    assert (quote.quote_text, quote.quote_type, quote.speaker_text) == (quote_text, quote_type, speaker)


def test_mixed_quote_under_object_that_clause(nlp_en: spacy.Language) -> None:
    text = (
        "During her recent visit to Moscow, Merkel expressed hope that the conference in Berlin would "
        "mark the beginning of “a peaceful and sovereign state”."
    )
    quote = only(find_quotes(nlp_en(text), language="en"))
    assert quote.quote_type == "mixed"
    assert "a peaceful and sovereign state" in quote.quote_text
    assert quote.speaker_text == "Merkel"


def test_quote_after_dangling_opener_at_paragraph_end(nlp_en: spacy.Language) -> None:
    text = (
        "Russia said it made progress in the nine-month war.“\n\nToday we can report that some "
        "progress was made,” said Russian Foreign Minister Sergey Lavrov, at a press conference."
    )
    quotes = find_quotes(nlp_en(text), language="en")
    direct = [q for q in quotes if q.quote_type == "direct"]
    assert [(q.quote_text, q.speaker_text) for q in direct] == [
        ("Today we can report that some progress was made", "Sergey Lavrov")
    ]


def test_he_said_resolves_to_previous_speaker(nlp_en: spacy.Language) -> None:
    text = (
        "Cavusoglu, however, remarked that the LNA’s refusal to compromise calls into question the "
        "point of holding the conference.\n\n“A conference on Libya in Berlin is pointless if Khalifa "
        "Haftar does not change his position,” he said."
    )
    quote = find_quotes(nlp_en(text), language="en")[-1]
    assert quote.speaker_text == "Cavusoglu"
    assert text[quote.speaker_start_char : quote.speaker_end_char] == "Cavusoglu"


def test_it_said_resolves_to_preceding_organisation(nlp_en: spacy.Language) -> None:
    text = (
        "In a sign the LNA might continue its offensive it said on an official website it was "
        "“ready and determined” to achieve victory."
    )
    quote = only(find_quotes(nlp_en(text), language="en"))
    assert (quote.quote_type, quote.speaker_text) == ("mixed", "LNA")


def test_description_resolves_to_name_fragment(nlp_en: spacy.Language) -> None:
    text = (
        '"In order for a ceasefire in Libya to be respected, there should be an impartial monitoring '
        'mechanism," the spokesman said. ONU, Stéphane Dujarric.'
    )
    quote = only(find_quotes(nlp_en(text), language="en"))
    assert quote.speaker_text == "Stéphane Dujarric"


def test_description_resolves_to_earlier_entity_with_its_noun(nlp_en: spacy.Language) -> None:
    text = (
        "Today, Tuesday, the Russian Foreign Ministry confirmed that Haftar left Moscow.\n\n"
        "The LNA will fight on, the ministry said."
    )
    quote = find_quotes(nlp_en(text), language="en")[-1]
    assert "Foreign Ministry" in (quote.speaker_text or "")


def test_unresolved_pronoun_is_kept_as_written(nlp_en: spacy.Language) -> None:
    quote = only(find_quotes(nlp_en("“We will not sign this,” he said."), language="en"))
    assert (quote.speaker_text, quote.speaker_start_char, quote.speaker_end_char) == ("he", None, None)


def test_unresolved_description_has_no_offsets(nlp_en: spacy.Language) -> None:
    quote = only(find_quotes(nlp_en("Haftar asked for additional time, the ministry said."), language="en"))
    assert (quote.speaker_text, quote.speaker_start_char) == ("the ministry", None)


def test_country_backing_is_not_a_statement(nlp_en: spacy.Language) -> None:
    assert find_quotes(nlp_en("Turkey backs the government in Tripoli."), language="en") == []


def test_no_cue_no_quote(nlp_en: spacy.Language) -> None:
    assert find_quotes(nlp_en("The talks lasted eight hours and ended without a deal."), language="en") == []


def test_cue_inside_quotation_is_not_a_nested_quote(nlp_en: spacy.Language) -> None:
    text = "“Today we can report that certain progress has been made,” said Lavrov."
    assert [q.cue_verb for q in find_quotes(nlp_en(text), language="en")] == ["say"]


def test_pronoun_for_an_inanimate_subject_is_not_a_speaker(nlp_en: spacy.Language) -> None:
    text = (
        "Even though the negotiations did not result in an agreement being signed, they do emphasize "
        "Moscow’s growing influence in the Middle Eastern region."
    )
    assert find_quotes(nlp_en(text), language="en") == []


def test_subordinate_clause_is_not_a_postposed_cue(nlp_en: spacy.Language) -> None:
    text = "Both Erdogan and Putin are calling for an end to the conflict, although they back different sides."
    assert all(not q.quote_text.startswith("Both Erdogan") for q in find_quotes(nlp_en(text), language="en"))


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Schiff called on Obama to retaliate against Russia.", "Obama to retaliate against Russia"),
        ("Donald Trump urged his supporters to monitor polling places.", "his supporters to monitor polling places"),
        ("Mr. Obama told his advisers to find a way around Congress.", "his advisers to find a way around Congress"),
    ],
)
def test_request_reports_addressee_and_infinitive(nlp_en: spacy.Language, text: str, content: str) -> None:
    assert [q.quote_text for q in find_quotes(nlp_en(text), language="en")] == [content]


def test_object_report_keeps_the_noun_without_its_comment(nlp_en: spacy.Language) -> None:
    text = "Sen. Ted Cruz endorsed Donald Trump's campaign, the latest chapter in a rocky relationship."
    assert [q.quote_text for q in find_quotes(nlp_en(text), language="en")] == ["Donald Trump's campaign"]


def test_relative_pronoun_speaks_for_its_antecedent(nlp_en: spacy.Language) -> None:
    text = "Adelson funds Future45, a super PAC that vowed to hammer Hillary Clinton with negative ads."
    assert [q.quote_text for q in find_quotes(nlp_en(text), language="en")] == [
        "to hammer Hillary Clinton with negative ads"
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Hillary Clinton wants to make tuition free for most families.", "to make tuition free for most families"),
        ("Through a spokesman, Senator Warren declined to comment.", "to comment"),
    ],
)
def test_current_or_spoken_intention_reports_its_infinitive(nlp_en: spacy.Language, text: str, content: str) -> None:
    assert [q.quote_text for q in find_quotes(nlp_en(text), language="en")] == [content]


def test_past_decision_is_a_narrated_act_not_a_quote(nlp_en: spacy.Language) -> None:
    text = "Fayez al-Sarraj, head of the Tripoli government, agreed to sign a memorandum on Monday."
    assert find_quotes(nlp_en(text), language="en") == []


def test_quoted_show_title_is_not_a_quote(nlp_en: spacy.Language) -> None:
    text = 'In an interview on CBS\'s "Face the Nation," House Speaker Paul Ryan said the shootings were tragic.'
    assert [q.quote_text for q in find_quotes(nlp_en(text), language="en")] == ["the shootings were tragic"]


def test_quoted_show_title_with_the_period_inside_is_not_a_quote(nlp_en: spacy.Language) -> None:
    text = '"Police deserve our respect," Governor Mike Pence said on CNN\'s "State of the Union."'
    assert [q.quote_text for q in find_quotes(nlp_en(text), language="en")] == ["Police deserve our respect"]


def test_indirect_content_stops_at_a_semicolon(nlp_en: spacy.Language) -> None:
    text = (
        "Republicans said the timing of the immunity news was not intentional; they only learned "
        "on Friday of the arrangements."
    )
    quotes = find_quotes(nlp_en(text), language="en")
    assert quotes[0].quote_text == "the timing of the immunity news was not intentional"


def test_coordinated_clause_is_not_a_postposed_report(nlp_en: spacy.Language) -> None:
    text = "The footage of the shooting came out on Friday, and officials praised the decision to release it."
    assert all(not q.quote_text.startswith("The footage") for q in find_quotes(nlp_en(text), language="en"))


def test_according_to_parsed_as_the_root_verb(nlp_en: spacy.Language) -> None:
    text = "According to conservative talk radio host Rush Limbaugh, the move reeks of “fear” and desperation."
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.quote_text, q.quote_type) for q in quotes] == [("the move reeks of “fear” and desperation", "mixed")]


def test_block_quote_after_a_colon_paragraph(nlp_en: spacy.Language) -> None:
    text = (
        "The governor added:\n\nIt’s typical of Hillary Clinton. She knows nothing, but the mouth never stops.\n\n"
        "Clinton’s comments on the show drew criticism."
    )
    quotes = find_quotes(nlp_en(text), language="en")
    assert (quotes[0].quote_text, quotes[0].speaker_text) == (
        "It’s typical of Hillary Clinton. She knows nothing, but the mouth never stops",
        "The governor",
    )


def test_place_possessor_does_not_name_the_speaker(nlp_en: spacy.Language) -> None:
    text = "Libya's warring leaders said on Monday that they would meet again in Berlin."
    assert [q.speaker_text for q in find_quotes(nlp_en(text), language="en")] == ["Libya's warring leaders"]


def test_noun_cue_reports_its_topic(nlp_en: spacy.Language) -> None:
    text = "Senator Warren's criticism of the bank's sales practices drew applause in the hearing."
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.quote_text, q.speaker_text) for q in quotes] == [("the bank's sales practices", "Warren")]


def test_agentless_passive_report_has_no_speaker(nlp_en: spacy.Language) -> None:
    text = "Mr. Quiros was accused of using $50 million for personal expenses."
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.quote_text, q.speaker_text) for q in quotes] == [
        ("Mr. Quiros was accused of using $50 million for personal expenses", None)
    ]


def test_agentless_passive_with_as_classifies(nlp_en: spacy.Language) -> None:
    assert find_quotes(nlp_en("The holiday is observed as a Muslim day of sacrifice."), language="en") == []


def test_surname_tagged_as_a_place_speaks_when_the_article_names_the_person(nlp_en: spacy.Language) -> None:
    text = (
        "Terry Strada, national chair of 9/11 Families United, said the veto was wrong. Strada accused the "
        "Saudi government of attempting to intimidate the 9/11 families."
    )
    quotes = find_quotes(nlp_en(text), language="en")
    assert ("the Saudi government of attempting to intimidate the 9/11 families", "Strada") in [
        (q.quote_text, q.speaker_text) for q in quotes
    ]


def test_no_sentence_starts_after_a_word_that_cannot_end_one(nlp_en: spacy.Language) -> None:
    text = (
        "At Monday’s presidential debate, Clinton mentioned disparaging remarks Trump had made about Machado "
        "as examples of the Republican nominee’s disrespect for women. Trump has responded with attacks."
    )
    doc = nlp_en(text)
    assert [s.text.split()[0] for s in doc.sents] == ["At", "Trump"]
    assert [q.speaker_text for q in find_quotes(doc, language="en")][0] == "Clinton"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "My father referred to Martin Luther King as Martin Luther Coon.",
            "Martin Luther King as Martin Luther Coon",
            "My father",
        ),
        (
            "Forty-two percent of those responding supported Clinton, while 5 percent prefer Libertarian "
            "nominee Gary Johnson.",
            "Libertarian nominee Gary Johnson",
            "5 percent",
        ),
    ],
)
def test_relatives_and_poll_shares_can_speak(nlp_en: spacy.Language, text: str, content: str, speaker: str) -> None:
    assert content_and_speaker(nlp_en, text) == [(content, speaker)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the object of the verb the preposition completes does what the gerund says
        (
            "On Thursday, the panel held Pagliano in contempt of Congress for refusing to show up to a "
            "hearing despite a subpoena.",
            "Pagliano",
        ),
        # after "by", "in" or without one, its subject does
        (
            "President Barack Obama responded to a Gold Star mother by saying his refusal to use the words "
            "was a manufactured issue.",
            "Barack Obama",
        ),
        ("In defending himself and his business record, Trump offered insights into his approach.", "Trump"),
    ],
)
def test_gerund_after_a_preposition_speaks_for_its_doer(nlp_en: spacy.Language, text: str, speaker: str) -> None:
    assert [q.speaker_text for q in find_quotes(nlp_en(text), language="en")][0] == speaker


def test_fronted_as_clause_reports_the_rest_of_the_sentence(nlp_en: spacy.Language) -> None:
    text = (
        "As many tax experts, including Mr. Goldberg, have pointed out, Mr. Trump is free to disclose his "
        "returns even if they are being audited."
    )
    assert content_and_speaker(nlp_en, text) == [
        ("Mr. Trump is free to disclose his returns even if they are being audited", "many tax experts")
    ]


def test_about_gives_the_topic_of_any_speech_cue(nlp_en: spacy.Language) -> None:
    text = "Donald Trump continually brags about his prowess in his 11 primary-season debates."
    assert content_and_speaker(nlp_en, text) == [
        ("his prowess in his 11 primary-season debates", "Donald Trump")
    ]


def test_parenthetical_cue_after_a_fronted_clause_reports_the_whole_sentence(nlp_en: spacy.Language) -> None:
    text = (
        "Fowler noted that at one of his first-ever DNC meetings, in 1972, he supported a decision to nominate "
        "Sargent Shriver to replace Thomas Eagleton as George McGovern’s vice presidential nominee.\n\n"
        "Though that transition was relatively seamless, he said, replacing Clinton would be much more "
        "acrimonious and could lead to intense lobbying by loyalists to Joe Biden and Bernie Sanders."
    )
    quotes = find_quotes(nlp_en(text), language="en")
    assert (quotes[-1].quote_text.split(",")[0], quotes[-1].speaker_text) == (
        "Though that transition was relatively seamless",
        "Fowler",
    )
    assert quotes[-1].quote_text.endswith("Joe Biden and Bernie Sanders")


def test_judgment_in_the_object_of_a_thought_cue(nlp_en: spacy.Language) -> None:
    text = "A federal judge found that action unconstitutional."
    assert content_and_speaker(nlp_en, text) == [
        ("that action unconstitutional", "A federal judge")
    ]


def test_she_does_not_continue_an_organisation(nlp_en: spacy.Language) -> None:
    text = (
        "Amnesty International said the strikes were unlawful. One of the women to flee the north was "
        "25-year-old Nesma Hajjaj, who was seven months pregnant at the time. “I am from Gaza City,” she said "
        "in an interview."
    )
    speakers = [q.speaker_text for q in find_quotes(nlp_en(text), language="en")]
    assert speakers == ["Amnesty International", "Nesma Hajjaj"]


def test_quotation_signed_with_a_dash_and_a_name(nlp_en: spacy.Language) -> None:
    text = (
        "”Mr. Trump embodies the lasting legacy of racism in the United States. He represents our greatest "
        "shame.” ― Sonya Herridge\n“During the debate Trump said Hispanics live in hell. He is ignorant of our "
        "culture and lives.”― Pamela Padilla \n"
    )
    speakers = [q.speaker_text for q in find_quotes(nlp_en(text), language="en")]
    assert speakers == ["Sonya Herridge", "Pamela Padilla"]


def test_transcript_label_names_the_speaker(nlp_en: spacy.Language) -> None:
    text = (
        "Partial transcript as follows:\n\n\"WALLACE: If I may, sir, because we’ve got limited time. I want to ask "
        "you, will Gennifer Flowers be there?\n\n\"PENCE: Gennifer Flowers will not be attending the debate "
        "tomorrow night.\n"
    )
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.speaker_text, q.quote_text[:12]) for q in quotes] == [
        ("WALLACE", "If I may, si"),
        ("PENCE", "Gennifer Flo"),
    ]


def test_dateline_is_not_the_speaker(nlp_en: spacy.Language) -> None:
    text = (
        "WASHINGTON -- President Obama, dedicating the National Museum of African American History and Culture "
        "on Saturday, said it would tell an American story."
    )
    assert [q.speaker_text for q in find_quotes(nlp_en(text), language="en")] == ["Obama"]


def test_unowned_claim_with_a_that_clause_is_reported_without_a_speaker(nlp_en: spacy.Language) -> None:
    text = "For years, Oz has been dogged by charges that he has perpetuated questionable medical advice on his show."
    assert content_and_speaker(nlp_en, text) == [
        ("that he has perpetuated questionable medical advice on his show", None)
    ]


def test_gerund_is_the_object_of_a_speech_cue(nlp_en: spacy.Language) -> None:
    text = "He proposed dropping carried interest as promised, but analysts agreed it was still a top-heavy plan."
    quotes = find_quotes(nlp_en(text), language="en")
    assert (quotes[0].quote_text, quotes[0].speaker_text) == ("dropping carried interest as promised", "He")


def test_short_quotation_in_an_object_reports_the_whole_object(nlp_en: spacy.Language) -> None:
    text = 'In the report, Trump referenced "political tensions" in advanced economies that are generating uncertainty.'
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.quote_type, q.speaker_text) for q in quotes] == [("mixed", "Trump")]
    assert quotes[0].quote_text.endswith("in advanced economies that are generating uncertainty")


def test_cue_noun_held_through_by(nlp_en: spacy.Language) -> None:
    text = "There were renewed warnings by the FBI that hackers could target election systems."
    assert content_and_speaker(nlp_en, text) == [
        ("that hackers could target election systems", "FBI")
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Others in the African-American community have opposed the NAACP resolution.", "the NAACP resolution"),
        (
            "Proponents, including the United States Conference of Mayors, have urged Congress to leave the "
            "program intact.",
            "Congress to leave the program intact",
        ),
        (
            "One or more of its veto-wielding permanent members have backed one warring party or another.",
            "one warring party or another",
        ),
    ],
)
def test_group_named_through_in_or_including_can_speak(nlp_en: spacy.Language, text: str, content: str) -> None:
    assert [q.quote_text for q in find_quotes(nlp_en(text), language="en")] == [content]


def test_it_speaks_for_an_organisation_named_just_before(nlp_en: spacy.Language) -> None:
    quotes = find_quotes(nlp_en("Congress met on Monday. It backed the bill."), language="en")
    assert [(q.quote_text, q.speaker_text) for q in quotes] == [("the bill", "Congress")]
    assert find_quotes(nlp_en("The war started in 2011. It backed nobody."), language="en") == []


def test_participle_speaks_for_the_noun_it_modifies(nlp_en: spacy.Language) -> None:
    text = "In a statement announcing the pick, the union praised her record."
    assert content_and_speaker(nlp_en, text) == [
        ("the pick", "a statement"),
        ("her record", "the union"),
    ]


def test_what_a_poll_indicates_is_its_object(nlp_en: spacy.Language) -> None:
    text = "The poll indicates a tightening race."
    assert content_and_speaker(nlp_en, text) == [
        ("a tightening race", "The poll")
    ]
    assert find_quotes(nlp_en("Police found his remains near the camp."), language="en") == []


def test_a_response_reports_what_it_was_made_with(nlp_en: spacy.Language) -> None:
    text = "Trump has responded with attacks on Machado, including Friday’s tweets."
    assert content_and_speaker(nlp_en, text) == [
        ("attacks on Machado, including Friday’s tweets", "Trump")
    ]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Trump didn’t apologize for his past statements.", "his past statements", "Trump"),
        ("He voted against President Bill Clinton's crime bill in 1994.", "President Bill Clinton's crime bill", "He"),
        (
            "A federal appeals court ruled against Ohio's procedure for removing voters from state rolls.",
            "Ohio's procedure for removing voters from state rolls",
            "A federal appeals court",
        ),
        (
            "Hewitt, who had pressed him on his failure to release tax returns, agreed.",
            "him on his failure to release tax returns",
            "Hewitt",
        ),
        (
            "In recent weeks, Reid has gone after Trump as a “human leech who will bleed the country” and a "
            "“spoiled brat.”",
            "Trump as a “human leech who will bleed the country” and a “spoiled brat.",
            "Reid",
        ),
    ],
)
def test_phrasal_cue_reports_its_object(nlp_en: spacy.Language, text: str, content: str, speaker: str) -> None:
    assert content_and_speaker(nlp_en, text) == [(content, speaker)]


def test_view_someone_has_is_reported(nlp_en: spacy.Language) -> None:
    text = "If the I.R.S. has questions about Mr. Trump's tax compliance, voters should know."
    assert content_and_speaker(nlp_en, text) == [
        ("Mr. Trump's tax compliance", "I.R.S.")
    ]


def test_group_of_speakers_can_speak(nlp_en: spacy.Language) -> None:
    text = "A chorus of prominent Republicans has criticized the new tax plan."
    assert [q.quote_text for q in find_quotes(nlp_en(text), language="en")] == ["the new tax plan"]


def test_request_without_addressee_is_not_a_quote(nlp_en: spacy.Language) -> None:
    text = "Khalifa Haftar asked for additional time to consider the proposal before leaving Moscow."
    assert find_quotes(nlp_en(text), language="en") == []


def test_participle_cue_after_a_report_is_a_report_of_its_own(nlp_en: spacy.Language) -> None:
    text = (
        "Foreign policy analysts said geopolitical factors have contributed to elevating Burma's bipartisan "
        "appeal, citing the strategic importance of a nation that borders China."
    )
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.quote_text, q.speaker_text) for q in quotes] == [
        ("geopolitical factors have contributed to elevating Burma's bipartisan appeal", "Foreign policy analysts"),
        ("the strategic importance of a nation that borders China", "Foreign policy analysts"),
    ]


def test_coordinated_speech_verb_inside_the_content_is_a_report_of_its_own(nlp_en: spacy.Language) -> None:
    text = "Merrill says Machado promised to continue supporting Clinton and said she would stand up to the attacks."
    assert content_and_speaker(nlp_en, text) == [
        ("Machado promised to continue supporting Clinton", "Merrill"),
        ("she would stand up to the attacks", "Machado"),
    ]


def test_that_clause_parsed_as_adverbial_is_content(nlp_en: spacy.Language) -> None:
    text = "Trump tweeted in the early morning hours that Machado was “disgusting” and “a con.”"
    assert content_and_speaker(nlp_en, text)[0] == (
        "that Machado was “disgusting” and “a con.",
        "Trump",
    )


def test_subordinate_cue_inside_the_content_stays_content(nlp_en: spacy.Language) -> None:
    text = (
        "Fayez al-Sarraj signed the draft ceasefire agreement, while Khalifa Haftar asked \"a little extra "
        "time until the morning\" to reflect, said Sergey Lavrov."
    )
    assert [q.quote_text for q in find_quotes(nlp_en(text), language="en")] == [
        "Fayez al-Sarraj signed the draft ceasefire agreement, while Khalifa Haftar asked \"a little extra "
        "time until the morning\" to reflect"
    ]


def test_concessive_comment_after_the_content_is_the_writers(nlp_en: spacy.Language) -> None:
    text = (
        "He claimed that paying no income taxes was smart, although he again refused to pledge to release "
        "his tax returns before the election."
    )
    quotes = find_quotes(nlp_en(text), language="en")
    assert quotes[0].quote_text == "that paying no income taxes was smart"


def test_verb_tagged_as_a_plural_noun_still_reports(nlp_en: spacy.Language) -> None:
    text = "But Trump claims that he should be the exception."
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.quote_text, q.speaker_text) for q in quotes] == [("that he should be the exception", "Trump")]


def test_question_put_to_the_subject_has_no_speaker(nlp_en: spacy.Language) -> None:
    text = (
        "Asked what he thought when people view voters of color as a monolithic group, Walter said, "
        "\"That is very untrue. We all have different views.\""
    )
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.quote_text, q.speaker_text) for q in quotes] == [
        ("what he thought when people view voters of color as a monolithic group", None),
        ("That is very untrue. We all have different views.", "Walter"),
    ]


def test_inverted_remembers_names_the_speaker(nlp_en: spacy.Language) -> None:
    text = (
        "“Those goats were so smart,” remembers Shanna Challenger, coordinator for the Redonda Restoration "
        "Programme, with a laugh."
    )
    assert [q.speaker_text for q in find_quotes(nlp_en(text), language="en")] == ["Shanna Challenger"]


def test_what_an_analysis_shows_is_its_object(nlp_en: spacy.Language) -> None:
    text = "A USA TODAY analysis of super PACs shows Democratic groups outpacing Republicans in recent weeks."
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.quote_text, q.speaker_text) for q in quotes] == [
        ("Democratic groups outpacing Republicans in recent weeks", "A USA TODAY analysis")
    ]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Many Democrats are afraid that Mrs. Clinton's large edge among African-American voters may be "
            "undercut by apathy.",
            "that Mrs. Clinton's large edge among African-American voters may be undercut by apathy",
            "Democrats",
        ),
        ("Hillary Clinton has been critical of the trade deal.", "the trade deal", "Hillary Clinton"),
    ],
)
def test_stance_adjective_reports_the_view_held(nlp_en: spacy.Language, text: str, content: str, speaker: str) -> None:
    assert content_and_speaker(nlp_en, text) == [(content, speaker)]


@pytest.mark.parametrize(
    "text",
    [
        "The market was nervous about the vote.",
        # "make sure" checks; it holds no view
        "The EAG continues to monitor the island to make sure that the regrowth continues apace.",
        # the writer addressing the reader
        "Note that, as of time of writing, we've checked all the listed stores and still don't see any cards.",
        "Imagine what it will be like when we’ve doubled or tripled the warming.",
    ],
)
def test_no_view_reported(nlp_en: spacy.Language, text: str) -> None:
    assert find_quotes(nlp_en(text), language="en") == []


def test_that_said_is_a_connective(nlp_en: spacy.Language) -> None:
    text = "That said, the government have argued that the numbers could drop."
    assert [q.speaker_text for q in find_quotes(nlp_en(text), language="en")] == ["the government"]


@pytest.mark.parametrize(
    "text",
    [
        "The speech is one of several positive policy addresses from Clinton as she tries to draw a contrast "
        "with Trump.",
        "His guest, the actress and activist Kamala Lopez, was powerfully emotional as she called for the "
        "ratification of the Equal Rights Amendment.",
    ],
)
def test_as_clause_with_its_own_object_is_not_a_postposed_report(nlp_en: spacy.Language, text: str) -> None:
    first_word = text.split()[0]
    assert all(not q.quote_text.startswith(first_word) for q in find_quotes(nlp_en(text), language="en"))


def test_compared_with_is_not_a_cue_and_rated_is(nlp_en: spacy.Language) -> None:
    text = (
        "PolitiFact rated 32% of Republican claims as “false” or “pants on fire,” compared with 11% of "
        "Democratic claims."
    )
    quotes = find_quotes(nlp_en(text), language="en")
    assert [(q.quote_text, q.speaker_text, q.cue_verb) for q in quotes] == [
        ("32% of Republican claims as “false” or “pants on fire", "PolitiFact", "rate")
    ]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_offsets_index_the_text(nlp_en: spacy.Language, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    quotes = find_quotes(nlp_en(text), language="en")
    assert quotes
    assert all(text[q.start_char : q.end_char] == q.quote_text for q in quotes)
    assert all(q.quote_type in ("direct", "indirect", "mixed") for q in quotes)
    assert [q.start_char for q in quotes] == sorted(q.start_char for q in quotes)


def test_hand_built_parse_gives_ccomp_content() -> None:
    """The cue rule on a Doc whose parse is set by hand (no statistical model involved)."""
    words = ["Lavrov", "stressed", "that", "Moscow", "will", "continue", "."]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=[True, True, True, True, True, False, False],
        heads=[1, 1, 5, 5, 5, 1, 1],
        deps=["nsubj", "ROOT", "mark", "nsubj", "aux", "ccomp", "punct"],
        pos=["PROPN", "VERB", "SCONJ", "PROPN", "AUX", "VERB", "PUNCT"],
        lemmas=["Lavrov", "stress", "that", "Moscow", "will", "continue", "."],
    )
    quote = only(find_quotes(doc, language="en"))
    assert (quote.quote_text, quote.quote_type, quote.speaker_text) == (
        "that Moscow will continue",
        "indirect",
        "Lavrov",
    )


def test_french_direct_quote() -> None:
    from newsetl.extract.nlp import load_nlp

    doc = load_nlp("fr")("« Nous avons fait des progrès », a déclaré le ministre russe Sergueï Lavrov.")
    quote = only(find_quotes(doc, language="fr"))
    assert (quote.quote_text, quote.quote_type, quote.speaker_text) == (
        "Nous avons fait des progrès",
        "direct",
        "Sergueï Lavrov",
    )


def test_french_selon() -> None:
    from newsetl.extract.nlp import load_nlp

    doc = load_nlp("fr")("Selon le Kremlin, Poutine a informé Angela Merkel du résultat des pourparlers.")
    quote = only(find_quotes(doc, language="fr"))
    assert quote.quote_text == "Poutine a informé Angela Merkel du résultat des pourparlers"


def test_extract_texts_skips_unsupported_language_without_a_model() -> None:
    result = extract_texts(["Der Minister sagte, es gebe Fortschritte."], "de")
    assert [r.status for r in result] == ["skipped_language"]
    assert "supported" in (result[0].error or "")


def test_extract_texts_isolates_a_failing_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsetl.extract.quotes as quotes_module

    real = quotes_module.find_quotes

    def flaky(doc: Doc, *, language: str | None = None) -> list[Quote]:
        if "boom" in doc.text:
            raise RuntimeError("boom")
        return real(doc, language=language)

    monkeypatch.setattr(quotes_module, "find_quotes", flaky)
    result = extract_texts(["“We won,” he said.", "boom", "Lavrov said Moscow will continue."], "en")
    assert [r.status for r in result] == ["ok", "failed", "ok"]
    assert result[1].error == "RuntimeError: boom"
    assert result[2].quotes


def test_object_past_a_semicolon_is_no_content() -> None:
    """A reporters' sign-off line parsed with the second name as the cue's object.

    The semicolon clip used to turn that object's range into an inverted, empty one (start past
    end), which failed the marts' offset test and with it a whole 840-article build.
    """
    words = ["Moreno", "reported", "from", "Fresno", ",", "Calif.", ";", "Whitaker", ",", "from", "Chicago", "."]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=[True, True, True, False, True, False, True, False, True, True, False, False],
        heads=[1, 1, 1, 2, 3, 3, 3, 1, 7, 7, 9, 1],
        deps=["nsubj", "ROOT", "prep", "pobj", "punct", "appos", "punct", "dobj", "punct", "prep", "pobj", "punct"],
        pos=["PROPN", "VERB", "ADP", "PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN", "PUNCT", "ADP", "PROPN", "PUNCT"],
        lemmas=["Moreno", "report", "from", "Fresno", ",", "Calif.", ";", "Whitaker", ",", "from", "Chicago", "."],
    )
    assert find_quotes(doc, language="en") == []


# (sentence, cue lemma, attribution_kind, extraction_method) - one attribution per sentence
KINDS = [
    pytest.param(
        "The mayor said that the bridge would reopen in May.", "say", "speech", "cue_clause", id="said-that"
    ),
    pytest.param(
        "According to the ministry, the border will stay closed until Friday.",
        "according",
        "speech",
        "according_to",
        id="according-to",
    ),
    pytest.param(
        "The union leader believes that the strike will end soon.", "believe", "thought", "cue_clause", id="believes"
    ),
    pytest.param(
        "The governor wants to raise the minimum wage next year.", "want", "intention", "cue_object", id="wants-to"
    ),
    pytest.param(
        "The senator vowed to block the nomination.", "vow", "intention", "cue_object", id="vowed-to"
    ),
    pytest.param(
        "The senator vowed that she would block the nomination.",
        "vow",
        "speech",
        "cue_clause",
        id="vowed-that-is-speech",
    ),
    pytest.param("Senator Alvarez endorsed Jones last week.", "endorse", "other", "cue_object", id="endorsed"),
    pytest.param(
        "The coach’s claim that the referee was biased angered the league.",
        "claim",
        "speech",
        "cue_noun",
        id="noun-claim",
    ),
    pytest.param(
        "Many economists are afraid that the drought will last another year.",
        "afraid",
        "thought",
        "stance_adjective",
        id="stance-afraid",
    ),
]


@pytest.mark.parametrize(("text", "lemma", "kind", "method"), KINDS)
def test_kind_and_method_come_from_the_cue(
    nlp_en: spacy.Language, text: str, lemma: str, kind: str, method: str
) -> None:
    quote = only(find_quotes(nlp_en(text), language="en"))
    assert (quote.cue_verb, quote.attribution_kind, quote.extraction_method) == (lemma, kind, method)


def test_a_quotation_is_speech_whatever_its_cue(nlp_en: spacy.Language) -> None:
    text = "“We will not give up on this town,” the mayor hoped."
    quote = only(find_quotes(nlp_en(text), language="en"))
    assert (quote.quote_type, quote.attribution_kind, quote.extraction_method) == ("direct", "speech", "cue_clause")
