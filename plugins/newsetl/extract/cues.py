"""Reporting cues: which words introduce reported speech, read from ``newsetl/rules``.

The lists are data (``rules/cue_verbs_<lang>.txt``, one lemma per line, ``#`` comments) so that an
analyst can extend them without touching code; ``rules/README.md`` says where they come from.
A line with two words is a phrasal cue: a verb and a particle or preposition that must hang
from it (``point out``, ``according to``). The ``[nouns]`` section lists nouns that report a
statement through a "that"-clause or an infinitive ("the claim that ...", "a pledge to ..."),
``[sources]`` common nouns that can be a speaker ("the ad references ...", "a reporter").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Token

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
VERB_POS = frozenset({"VERB", "AUX"})
PREPOSITION_DEPS = frozenset({"prep", "case"})
PREPOSITION_WORDS = frozenset({"according", "selon"})


SECTION_SCOPES = {
    "thought": "clause",
    "speech": "object",
    "intention": "intention",
    "request": "request",
    "commitment": "infinitive",
}
SCOPE_ORDER = ("clause", "object", "intention", "request", "infinitive")


class CueLexicon(NamedTuple):
    """Cue lemmas, phrasal cues as (head, dependent) pairs, and what each cue may report.

    ``scopes`` maps a lemma (or a phrasal head) to "clause", "object" (a clause or a
    noun-phrase object), "intention" (also a present or speech infinitive: "wants to ...",
    "declined to comment"), "request" (also an addressee and an infinitive: "urged voters to ...")
    or "infinitive" (also a bare infinitive: "pledged to ...").
    """

    words: frozenset[str]
    phrases: frozenset[tuple[str, str]]
    scopes: dict[str, str]
    nouns: frozenset[str] = frozenset()  # "the claim that ...", "a pledge to ..."
    sources: frozenset[str] = frozenset()  # common nouns that can speak: "the ad", "a reporter"
    stances: frozenset[str] = frozenset()  # adjectives of a held view: "is afraid that ..."
    evidence: frozenset[str] = frozenset()  # sources whose findings are objects: "the study found 31 cases"

    def allows(self, lemma: str, scope: str) -> bool:
        """True when cue ``lemma`` may report through ``scope`` ("object", "infinitive")."""
        have = self.scopes.get(lemma, "clause")
        return SCOPE_ORDER.index(have) >= SCOPE_ORDER.index(scope)


@lru_cache(maxsize=8)
def cue_lexicon(language: str) -> CueLexicon:
    """Read ``rules/cue_verbs_<language>.txt``; an unknown language has no cues.

    Args:
        language: ISO 639-1 code, as in ``rules/cue_verbs_en.txt``.

    Returns:
        The cue lemmas of that language.
    """
    path = RULES_DIR / f"cue_verbs_{language}.txt"
    words: set[str] = set()
    phrases: set[tuple[str, str]] = set()
    scopes: dict[str, str] = {}
    nouns: set[str] = set()
    sources: set[str] = set()
    stances: set[str] = set()
    evidence: set[str] = set()
    word_lists = {"nouns": nouns, "sources": sources, "stances": stances, "evidence": evidence}
    scope = "clause"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    for line in lines:
        entry = line.split("#", 1)[0].strip().lower()
        if entry.startswith("[") and entry.endswith("]"):
            name = entry[1:-1].strip()
            scope = name if name in word_lists else SECTION_SCOPES.get(name, "clause")
            continue
        parts = entry.split()
        if scope in word_lists:
            word_lists[scope].update(parts)
            continue
        if len(parts) == 1:
            words.add(parts[0])
        elif len(parts) == 2:
            phrases.add((parts[0], parts[1]))
        if parts:
            scopes[parts[0]] = max(scope, scopes.get(parts[0], "clause"), key=SCOPE_ORDER.index)
    return CueLexicon(
        frozenset(words),
        frozenset(phrases),
        scopes,
        frozenset(nouns),
        frozenset(sources),
        frozenset(stances),
        frozenset(evidence),
    )


@lru_cache(maxsize=4096)
def surface_stems(word: str) -> tuple[str, ...]:
    """Candidate lemmas of an inflected English verb form, for when the lemmatizer slips.

    The small model lemmatizes "He hoped the Moscow talks would form..." as "hop"; trying
    hoped -> hope, added -> add, saying -> say, warns -> warn catches such misses cheaply.
    """
    stems = [word]
    for suffix, repl in (
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
        ("s", ""),
        ("es", ""),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stems.append(word[: -len(suffix)] + repl)
    if len(word) > 5 and word[-3] == word[-4] and word.endswith("ed"):
        stems.append(word[:-3])  # "stopped" -> "stop"
    return tuple(stems)


def _verb_read_as_noun(token: Token) -> bool:
    """"Trump claims that he ...": tagged a plural noun, parsed with a subject and a clause."""
    deps = {c.dep_ for c in token.children}
    return token.tag_ == "NNS" and "nsubj" in deps and "ccomp" in deps


def is_preposition_cue(token: Token) -> bool:
    """``according`` (to), ``selon``: cues that are prepositions, not verbs."""
    # "According" is sometimes parsed as a verb, even as the root of its sentence
    return token.dep_ in PREPOSITION_DEPS or token.pos_ == "ADP" or token.lower_ in PREPOSITION_WORDS


def is_cue(token: Token, lexicon: CueLexicon) -> bool:
    """True when ``token`` is a reporting verb or a prepositional cue of the lexicon.

    Nouns are excluded on purpose: "the report" is not a cue, "reported" is.
    """
    if token.pos_ not in VERB_POS and not is_preposition_cue(token) and not _verb_read_as_noun(token):
        return False
    lemma, lower = token.lemma_.lower(), token.lower_
    if lemma in lexicon.words or (lower in lexicon.words and is_preposition_cue(token)):
        return True
    if token.pos_ in VERB_POS and any(stem in lexicon.words for stem in surface_stems(lower)):
        return True
    if not lexicon.phrases:
        return False
    return any(
        (lemma, child.lower_) in lexicon.phrases or (lower, child.lower_) in lexicon.phrases
        for child in token.children
    )
