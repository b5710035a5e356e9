"""Line rules on real lines: furniture goes, article sentences stay (with/without pairs)."""

from __future__ import annotations

import pytest

from newsetl.clean import clean_title, repeated_across_stories
from newsetl.clean.articles import is_headline
from newsetl.clean.lines import is_tag_list, pattern_rule


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("More From: VOA", "navigation"),
        ("Related Articles", "navigation"),
        ("Sign up for our daily newsletter", "newsletter_prompt"),
        ("subscribe", "newsletter_prompt"),
        ("google-play-badge_FR", "app_badge"),
        ("With AFP", "agency_credit"),
        ("Reporting by Tom Balmforth; Editing by Alison Williams", "agency_credit"),
        ("Rescuers search the rubble in Tripoli on Monday (file photo).", "photo_caption"),
        ("Photo: Getty Images", "photo_caption"),
        ("Donald Trump speaks in Ohio on Monday. (REUTERS/Carlo Allegri)", "photo_caption"),
        ("© 2020 Reuters. All rights reserved.", "legal_notice"),
    ],
)
def test_furniture_line_is_named_by_its_rule(line: str, rule: str) -> None:
    assert pattern_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "Lavrov stressed that Moscow will continue to work on the Libyan conflict until a result is achieved.",
        "With the talks over, Haftar left Moscow without signing.",
        "Russia’s TASS news agency reported Serraj refused to engage in direct talks with Haftar.",
        "Pro-LNA social media posts called for a rally to support Haftar in Benghazi.",
        "The Gallup survey showed the senator faring better than in earlier surveys.",
        "“A conference on Libya in Berlin is pointless if Khalifa Haftar does not change his position,” he said.",
    ],
)
def test_article_sentence_matches_no_rule(line: str) -> None:
    assert pattern_rule(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Russia, Libya, Syria", True), ("Politics, Middle East, Africa", True),
     ("Turkey backs al-Sarraj, while Russia backs Haftar.", False), ("Egypt, Jordan and the UAE", False)],
)
def test_tag_list(line: str, expected: bool) -> None:
    assert is_tag_list(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Libyan peace talks fall short", True),
        ("Secrets Over Safety: The Mayor Was Headed to Hospital But Turned Back to Avoid Cameras.", True),
        ('"Some progress has been achieved," Russian Foreign Minister Sergei Lavrov said in a press conference.',
         False),
        ("Libya’s warring leaders made progress at indirect peace talks in Moscow but failed to agree.", False),
    ],
)
def test_headline_shape(line: str, expected: bool) -> None:
    assert is_headline(line) is expected


def test_a_byline_glued_onto_the_headline_is_cut() -> None:
    title = "Libya Talks in Moscow Progress but Fail to Reach Agreement on Ceasefire Address | Benghazi – Libya"
    furniture = frozenset({"the address | benghazi – libya"})
    assert clean_title(title, furniture) == "Libya Talks in Moscow Progress but Fail to Reach Agreement on Ceasefire"


def test_a_site_name_after_a_bar_is_cut() -> None:
    assert clean_title("Haftar leaves Moscow without signing | Example News", frozenset()) == (
        "Haftar leaves Moscow without signing")


def test_a_line_repeated_across_a_sources_stories_is_found() -> None:
    footer = "Publishers named above each report are responsible for their own content."
    bodies = ["The harbour authority opened a second berth for grain ships on Monday after weeks of delay.",
              "Farmers in the northern valley said the late frost had cost them most of the apricot crop.",
              "The city council voted to keep the old tram depot as a museum rather than sell the land."]
    texts = {f"doc{n}": f"{body}\n{footer}" for n, body in enumerate(bodies)}
    assert repeated_across_stories(texts, min_stories=3) == frozenset({footer.casefold()})
    assert repeated_across_stories(dict(list(texts.items())[:2]), min_stories=3) == frozenset()


def test_copies_of_one_story_are_one_story() -> None:
    """The same wire story from three feeds repeats every line, and none of them is furniture."""
    story = "\n".join(["Port workers end strike after pay deal",
                       "Dock workers at the country's largest port returned to work on Tuesday.",
                       "The union said its members had accepted a raise of six percent over two years.",
                       "Shipping lines had diverted dozens of vessels during the nine-day stoppage."])
    texts = {"a": story, "b": story + "\nThe port authority thanked customers for their patience.",
             "c": story + "\nExporters said the backlog would take a month to clear."}
    assert repeated_across_stories(texts, min_stories=3) == frozenset()
