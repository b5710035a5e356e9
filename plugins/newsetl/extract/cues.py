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


# Verb sections: what content a cue may report (its scope) and the attribution_kind of its rows.
VERB_SECTIONS = {
    "thought": ("clause", "thought"),
    "speech": ("object", "speech"),
    "intention": ("intention", "intention"),
    "request": ("request", "speech"),
    "commitment": ("infinitive", "intention"),
}
# Word sections, with the kind of their cues (None: not cues, so no kind may be given).
WORD_SECTIONS: dict[str, str | None] = {"nouns": "speech", "stances": "thought", "sources": None, "evidence": None}
KINDS = ("speech", "thought", "intention", "other")
SCOPE_ORDER = ("clause", "object", "intention", "request", "infinitive")


class CueLexicon(NamedTuple):
    """Cue lemmas, phrasal cues as (head, dependent) pairs, and what each cue may report.

    ``scopes`` maps a lemma (or a phrasal head) to "clause", "object" (a clause or a
    noun-phrase object), "intention" (also a present or speech infinitive: "wants to ...",
    "declined to comment"), "request" (also an addressee and an infinitive: "urged voters to ...")
    or "infinitive" (also a bare infinitive: "pledged to ..."). ``kinds`` maps a verb lemma or a
    phrasal cue ("agree with") to its attribution_kind, ``noun_kinds`` and ``stance_kinds`` the
    cue nouns and stance adjectives.
    """

    words: frozenset[str]
    phrases: frozenset[tuple[str, str]]
    scopes: dict[str, str]
    nouns: frozenset[str] = frozenset()  # "the claim that ...", "a pledge to ..."
    sources: frozenset[str] = frozenset()  # common nouns that can speak: "the ad", "a reporter"
    stances: frozenset[str] = frozenset()  # adjectives of a held view: "is afraid that ..."
    evidence: frozenset[str] = frozenset()  # sources whose findings are objects: "the study found 31 cases"
    kinds: dict[str, str] = {}
    noun_kinds: dict[str, str] = {}
    stance_kinds: dict[str, str] = {}

    def allows(self, lemma: str, scope: str) -> bool:
        """True when cue ``lemma`` may report through ``scope`` ("object", "infinitive")."""
        have = self.scopes.get(lemma, "clause")
        return SCOPE_ORDER.index(have) >= SCOPE_ORDER.index(scope)


class RulesFileError(ValueError):
    """A rules file the loader refuses: an unknown section or kind, an empty section, a cue
    listed with two kinds. Each would silently switch a rule off or on, so it stops the load."""


def _section(header: str, path: Path) -> tuple[str, str | None]:
    """``[speech]`` or ``[speech: other]`` -> (section, kind)."""
    name, _, kind = (part.strip() for part in header[1:-1].partition(":"))
    if name not in VERB_SECTIONS and name not in WORD_SECTIONS:
        known = ", ".join(sorted([*VERB_SECTIONS, *WORD_SECTIONS]))
        raise RulesFileError(f"{path.name}: unknown section [{name}] (known: {known})")
    default = VERB_SECTIONS[name][1] if name in VERB_SECTIONS else WORD_SECTIONS[name]
    if kind and (default is None or kind not in KINDS):
        raise RulesFileError(f"{path.name}: section [{name}] cannot take kind {kind!r} (kinds: {', '.join(KINDS)})")
    return name, kind or default


def read_sections(path: Path) -> list[tuple[str, str | None, list[str]]]:
    """The ``[section]`` / ``[section: kind]`` blocks of a cue rules file, entries in order."""
    blocks: list[tuple[str, str | None, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = " ".join(line.split("#", 1)[0].lower().split())
        if entry.startswith("[") and entry.endswith("]"):
            blocks.append((*_section(entry, path), []))
        elif entry and not blocks:
            raise RulesFileError(f"{path.name}: entry {entry!r} before any section")
        elif entry:
            blocks[-1][2].append(entry)
    empty = [name for name, _, entries in blocks if not entries]
    if empty:
        raise RulesFileError(f"{path.name}: section [{empty[0]}] is empty")
    return blocks


def _set_kind(kinds: dict[str, str], key: str, kind: str, path: Path) -> None:
    if kinds.setdefault(key, kind) != kind:
        raise RulesFileError(f"{path.name}: {key!r} is listed as {kinds[key]} and as {kind}")


@lru_cache(maxsize=8)
def cue_lexicon(language: str) -> CueLexicon:
    """Read ``rules/cue_verbs_<language>.txt``; an unknown language has no cues.

    Args:
        language: ISO 639-1 code, as in ``rules/cue_verbs_en.txt``.

    Returns:
        The cue lemmas of that language.

    Raises:
        RulesFileError: the file has an unknown section or kind, an empty section, or a cue
            listed with two kinds.
    """
    path = RULES_DIR / f"cue_verbs_{language}.txt"
    words: set[str] = set()
    phrases: set[tuple[str, str]] = set()
    scopes: dict[str, str] = {}
    lists: dict[str, set[str]] = {name: set() for name in WORD_SECTIONS}
    kinds: dict[str, dict[str, str]] = {"verbs": {}, "nouns": {}, "stances": {}}
    for name, kind, entries in read_sections(path) if path.is_file() else []:
        if name in WORD_SECTIONS:
            lists[name].update(entries)
            for entry in entries if name in kinds else []:
                _set_kind(kinds[name], entry, str(kind), path)
            continue
        scope = VERB_SECTIONS[name][0]
        for entry in entries:
            parts = entry.split()
            if len(parts) == 1:
                words.add(parts[0])
            elif len(parts) == 2:
                phrases.add((parts[0], parts[1]))
            else:
                raise RulesFileError(f"{path.name}: {entry!r} has more than two words")
            scopes[parts[0]] = max(scope, scopes.get(parts[0], "clause"), key=SCOPE_ORDER.index)
            _set_kind(kinds["verbs"], entry, str(kind), path)
    return CueLexicon(
        frozenset(words),
        frozenset(phrases),
        scopes,
        frozenset(lists["nouns"]),
        frozenset(lists["sources"]),
        frozenset(lists["stances"]),
        frozenset(lists["evidence"]),
        kinds["verbs"],
        kinds["nouns"],
        kinds["stances"],
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
