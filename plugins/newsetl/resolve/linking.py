"""Link short forms of names to the full form the same article uses.

An article introduces a person once in full ("Russian Foreign Minister Sergey Lavrov") and then
writes the surname alone ("Lavrov stressed that..."); it spells out an organisation once with its
acronym in brackets ("the Libyan National Army (LNA)") and then uses the acronym. The article is
the best evidence for what a short form means, so the link is made here, per article, before the
cross-article resolution in dbt (``int_mentions_resolved_to_actors``).

The rules link only when the article leaves one choice: a surname shared by two full names in
one article ("Raul Castro", "Fidel Castro") stays unlinked rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsetl.records import LinkedMention, Mention
from newsetl.resolve.names import acronym_key, initials, is_acronym, name_key, name_tokens

EXACT = "exact"
SURNAME = "surname_in_article"
ACRONYM = "acronym_in_article"
ORGANISATION_INITIAL = "o"  # Organisation, Organización, Organizzazione, Organização
# "Libyan National Army (LNA)": an acronym in brackets right after its expansion.
BRACKETED = r"\s*[(\[]\s*{acronym}\s*[)\]]"
# What a bracket right after a name holds (the acronym it defines, if any).
BRACKET_AFTER = re.compile(r"\s*[(\[]([^)\]]*)[)\]]")


def link_mentions(mentions: Sequence[Mention], text: str) -> list[LinkedMention]:
    """Key every mention and link bare surnames and acronyms to the article's full names.

    Args:
        mentions: the mentions of one article, as ``find_mentions`` returns them.
        text: the article text the mentions' offsets point into.

    Returns:
        One ``LinkedMention`` per mention, in the same order. ``article_key`` is the key of the
        fullest name the mention refers to in this article; ``link_method`` says how it was
        found: ``exact`` (the mention is that name), ``surname_in_article`` or
        ``acronym_in_article``.
    """
    keys = [name_key(m.mention_text) for m in mentions]
    full_people = _by_surname(_full_person_keys(mentions, keys))
    organisations = _Organisations(mentions, text)
    fullest: dict[str, str | None] = {}  # a key's full name, found once per article
    linked: list[LinkedMention] = []
    for mention, key in zip(mentions, keys, strict=True):
        target, method = key, EXACT
        if mention.actor_type == "person":
            if key not in fullest:
                fullest[key] = _fullest_person(key, full_people)
            target = fullest[key] or key
            method = SURNAME if target != key else EXACT
        elif is_acronym(mention.mention_text):
            expansion = organisations.expansion(mention.mention_text)
            if expansion is not None:
                target, method = name_key(expansion), ACRONYM
        linked.append(LinkedMention(mention=mention, name_key=key, article_key=target, link_method=method))
    return linked


def _full_person_keys(mentions: Sequence[Mention], keys: Sequence[str]) -> set[str]:
    """Keys of person mentions written with at least a given name and a surname."""
    return {k for m, k in zip(mentions, keys, strict=True) if m.actor_type == "person" and " " in k}


def _by_surname(full_keys: set[str]) -> dict[str, list[str]]:
    """Full names by their last token: a short form is compared with those of its surname only
    (a scan of every full name per mention was quadratic in the length of a long text)."""
    grouped: dict[str, list[str]] = {}
    for key in sorted(full_keys):
        grouped.setdefault(key.split()[-1], []).append(key)
    return grouped


def _fullest_person(key: str, full_keys: dict[str, list[str]]) -> str | None:
    """The one full name in the article that ``key`` is a shorter form of, if there is one.

    A shorter form ends with the same surname and its other tokens all occur in the full name
    ("Lavrov" and "Sergey Lavrov"; "Tayyip Erdogan" and "Recep Tayyip Erdogan"). Full names that
    are themselves shorter forms of a longer candidate count once, as the longest.
    """
    tokens = key.split()
    if not tokens:
        return None
    candidates = [
        k
        for k in full_keys.get(tokens[-1], ())
        if k != key
        and set(tokens) <= set(k.split())
        and len(k.split()) > len(tokens)
    ]
    maximal = [k for k in candidates if not any(_is_shorter_form(k, other) for other in candidates)]
    return maximal[0] if len(maximal) == 1 else None


def _is_shorter_form(key: str, other: str) -> bool:
    """True when ``other`` is a longer name with the same surname containing all of ``key``."""
    a, b = key.split(), other.split()
    return len(b) > len(a) and a[-1] == b[-1] and set(a) <= set(b)


class _Organisations:
    """The article's organisation names that an acronym may stand for, indexed once per article.

    Each acronym used to scan every mention of the article (quadratic in a long text): the names
    followed by a bracket are grouped by what the bracket holds, all by their initials, and each
    acronym is looked up once.
    """

    def __init__(self, mentions: Sequence[Mention], text: str) -> None:
        self.text = text
        self.bracketed: dict[str, list[Mention]] = {}
        self.by_initials: dict[str, dict[str, str]] = {}  # letters -> name key -> the name as last written
        self.found: dict[str, str | None] = {}  # acronym as written -> its expansion
        for m in mentions:
            if m.actor_type == "person" or is_acronym(m.mention_text):
                continue
            bracket = BRACKET_AFTER.match(text, m.end_char)
            if bracket:
                self.bracketed.setdefault(bracket.group(1).strip(), []).append(m)
            for form in _initial_forms(m.mention_text):
                self.by_initials.setdefault(form, {})[name_key(m.mention_text)] = m.mention_text

    def expansion(self, acronym: str) -> str | None:
        """The name ``acronym`` stands for in this article, or None.

        First a definition: a name directly followed by the acronym in brackets, whose initials
        match ("Government of National Accord (GNA)"). A bracket after an unrelated name ("recognized
        by the UN (GNA)") is no definition. Failing that, the one organisation in the article whose
        initials are the acronym's letters ("UN" and "the United Nations").
        """
        if acronym not in self.found:
            letters = acronym_key(acronym)
            pattern = re.compile(BRACKETED.format(acronym=re.escape(acronym)))
            defined = (
                m.mention_text
                for m in self.bracketed.get(acronym.strip(), ())
                if pattern.match(self.text, m.end_char) and letters in _initial_forms(m.mention_text)
            )
            names = self.by_initials.get(letters, {})
            first = next(defined, None)
            if first is None and len(names) == 1:
                first = next(iter(names.values()))
            self.found[acronym] = first
        return self.found[acronym]


def _initial_forms(name: str) -> set[str]:
    """The letters an acronym of ``name`` may have, with or without its connector words.

    French, Spanish, Italian and Portuguese put the noun before its adjectives, so their acronym
    of an English name is often its initials reversed, with the word "Organisation" spelt out:
    NATO and OTAN, EU and UE, IMF and FMI, the United Nations (UN) and ONU. Translated wire copy
    keeps them ("the spokesman said. ONU, Stéphane Dujarric.").
    """
    if len(name_tokens(name)) < 2:
        return set()
    forms = {initials(name), initials(name, keep_connectors=True)}
    return forms | {form[::-1] for form in forms} | {ORGANISATION_INITIAL + form[::-1] for form in forms}
