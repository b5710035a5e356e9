"""Name keys and in-article links (newsetl.resolve): pure functions, no spaCy model."""

from __future__ import annotations

import pytest

from newsetl.records import Mention
from newsetl.resolve import link_mentions, name_key
from newsetl.resolve.names import initials, is_acronym


@pytest.mark.parametrize(
    ("variant", "spelling"),
    [
        ("Hafter", "Haftar"),
        ("Fayez al-Serraj", "Fayez Sarraj"),
        ("Fayez Al-Sarraj", "Fayez al-Sarraj"),
        ("Al Sarraj", "Sarraj"),
        ("Sergei Shoigu", "Sergey Shoygu"),
        ("Moammar Gadhafi", "Muammar Gaddafi"),
        ("Mevlüt Çavuşoğlu", "Mevlut Cavusoglu"),
        ("Mohamed", "Muhammad"),
        ("Aleksandr", "Alexander"),
        ("Haftar’s", "Haftar"),
    ],
)
def test_spelling_variants_share_a_key(variant: str, spelling: str) -> None:
    assert name_key(variant) == name_key(spelling)


@pytest.mark.parametrize(
    ("name", "other"),
    [("Sergey Lavrov", "Sergey Shoygu"), ("Fidel Castro", "Raul Castro"), ("Iran", "Iraq"), ("LNA", "GNA")],
)
def test_different_names_keep_different_keys(name: str, other: str) -> None:
    assert name_key(name) != name_key(other)


@pytest.mark.parametrize(
    ("text", "expected"), [("LNA", True), ("U.N.", True), ("NGOs", True), ("Nato", False), ("Putin", False)]
)
def test_is_acronym(text: str, expected: bool) -> None:
    assert is_acronym(text) is expected


def test_acronym_key_keeps_letters() -> None:
    assert name_key("U.N.") == "un"


def test_initials_skip_connectors() -> None:
    assert initials("Government of National Accord") == "gna"


def _mention(text: str, actor_type: str, start: int, label: str = "PERSON") -> Mention:
    return Mention(text, label, actor_type, start, start + len(text), 0)


def _link(text: str, names: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Mentions at the first occurrence after the previous one; returns (text, article_key, method)."""
    mentions, cursor = [], 0
    for name, actor_type in names:
        start = text.index(name, cursor)
        mentions.append(_mention(name, actor_type, start, "PERSON" if actor_type == "person" else "ORG"))
        cursor = start + len(name)
    return [(lm.mention.mention_text, lm.article_key, lm.link_method) for lm in link_mentions(mentions, text)]


def test_bare_surname_links_to_the_full_name_earlier_in_the_article() -> None:
    text = "said Russian Foreign Minister Sergey Lavrov. Lavrov described the talks as serious."
    linked = _link(text, [("Sergey Lavrov", "person"), ("Lavrov", "person")])
    assert linked[1] == ("Lavrov", name_key("Sergey Lavrov"), "surname_in_article")


def test_bare_surname_links_to_a_full_name_written_later() -> None:
    text = "Al-Sarraj met the delegation. Fayez Al-Sarraj, head of the GNA, agreed."
    linked = _link(text, [("Al-Sarraj", "person"), ("Fayez Al-Sarraj", "person")])
    assert linked[0][1:] == (name_key("Fayez Al-Sarraj"), "surname_in_article")


def test_transliterated_surname_links_within_the_article() -> None:
    text = "Field Marshal Khalifa Haftar left Moscow. Hafter asked for more time."
    linked = _link(text, [("Khalifa Haftar", "person"), ("Hafter", "person")])
    assert linked[1][1:] == (name_key("Khalifa Haftar"), "surname_in_article")


def test_surname_shared_by_two_people_stays_unlinked() -> None:
    text = "Fidel Castro and Raul Castro met. Castro spoke first."
    linked = _link(text, [("Fidel Castro", "person"), ("Raul Castro", "person"), ("Castro", "person")])
    assert linked[2] == ("Castro", name_key("Castro"), "exact")


def test_partial_name_links_to_the_longest_form() -> None:
    text = "Turkish President Recep Tayyip Erdogan spoke. Tayyip Erdogan and Erdogan again."
    linked = _link(
        text, [("Recep Tayyip Erdogan", "person"), ("Tayyip Erdogan", "person"), ("Erdogan", "person")]
    )
    assert {key for _, key, _ in linked} == {name_key("Recep Tayyip Erdogan")}


def test_bracketed_acronym_links_to_its_definition() -> None:
    text = "the Libyan National Army (LNA) advanced. The LNA said."
    linked = _link(
        text, [("Libyan National Army", "organization"), ("LNA", "organization"), ("LNA", "organization")]
    )
    assert linked[1][1:] == (name_key("Libyan National Army"), "acronym_in_article")


def test_acronym_links_by_initials_without_a_definition() -> None:
    text = "at the United Nations in New York. The UN spokesman said."
    linked = _link(text, [("United Nations", "organization"), ("UN", "organization")])
    assert linked[1][1:] == (name_key("United Nations"), "acronym_in_article")


@pytest.mark.parametrize(
    ("name", "acronym"),
    [("United Nations", "ONU"), ("North Atlantic Treaty Organization", "OTAN"), ("International Monetary Fund", "FMI")],
)
def test_romance_acronym_links_to_the_english_name(name: str, acronym: str) -> None:
    text = f"talks at the {name} went on. {acronym}, a spokesman said."
    linked = _link(text, [(name, "organization"), (acronym, "organization")])
    assert linked[1][1:] == (name_key(name), "acronym_in_article")


def test_unrelated_acronym_is_not_linked_by_reversal() -> None:
    text = "at the United Nations in New York. The NATO spokesman said."
    linked = _link(text, [("United Nations", "organization"), ("NATO", "organization")])
    assert linked[1][2] == "exact"


def test_bracket_after_an_unrelated_name_is_no_definition() -> None:
    text = "The head of government recognized by the UN (GNA), Fayez al-Sarraj, came."
    linked = _link(text, [("UN", "organization"), ("GNA", "organization")])
    assert linked[1] == ("GNA", "gna", "exact")
