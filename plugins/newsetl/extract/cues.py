"""Reporting cues and the function words of the quote rules, read from ``newsetl/rules``.

The lists are data so that an analyst can extend them without touching code; ``rules/README.md``
says where they come from. Two files per language, read by one loader (:func:`read_sections`)
that refuses unknown sections:

- ``rules/cue_verbs_<lang>.txt``: one lemma per line. A line with two words is a phrasal cue: a
  verb and a particle or preposition that must hang from it (``point out``, ``according to``).
  The ``[nouns]`` section lists nouns that report a statement through a "that"-clause or an
  infinitive ("the claim that ...", "a pledge to ..."), ``[sources]`` common nouns that can be a
  speaker ("the ad references ...", "a reporter").
- ``rules/quote_words_<lang>.txt``: the closed-class words the rules test (complementizers,
  prepositions that carry a topic, verbs whose object is an addressee, ...), one list per section.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Token

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
VERB_POS = frozenset({"VERB", "AUX"})
PREPOSITION_DEPS = frozenset({"prep", "case"})


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
CUE_SECTIONS: dict[str, str | None] = {
    **{name: kind for name, (_, kind) in VERB_SECTIONS.items()},
    **WORD_SECTIONS,
}
KINDS = ("speech", "thought", "intention", "other")


class QuoteWords(NamedTuple):
    """Closed-class words of ``rules/quote_words_<lang>.txt``, one field per section."""

    holder_verbs: frozenset[str] = frozenset()  # "made the claim that ...": the subject holds it
    addressee_verbs: frozenset[str] = frozenset()  # "told reporters": the object is no content
    topic_markers: frozenset[str] = frozenset()  # "brags about ...": a topic of any speech cue
    topic_prepositions: frozenset[str] = frozenset()  # "criticism of ...": a cue word's topic
    object_prepositions: frozenset[str] = frozenset()  # "accused Clinton of lying"
    classifying_prepositions: frozenset[str] = frozenset()  # "is observed as ...": no report unsaid
    complementizers: frozenset[str] = frozenset()  # "that", "que": a content clause follows
    concessive: frozenset[str] = frozenset()  # "although": the writer's comment
    preposition_cues: frozenset[str] = frozenset()  # "according" (to), "selon"
    holder_prepositions: frozenset[str] = frozenset()  # "warnings by the FBI": whose the noun is
    relative_pronouns: frozenset[str] = frozenset()  # "Lavrov, who said ...": speaks for Lavrov
    person_pronouns: frozenset[str] = frozenset()  # "he": the last person named
    organisation_pronouns: frozenset[str] = frozenset()  # "it": an organisation named just before
    plural_pronouns: frozenset[str] = frozenset()  # "they": a plural subject before it
    pointing_pronouns: frozenset[str] = frozenset()  # "this", "which": never a speaker
    group_prepositions: frozenset[str] = frozenset()  # "many of his supporters": a group speaks
    doer_prepositions: frozenset[str] = frozenset()  # "criticized Oz for promoting": Oz promotes


# Every section of a quote_words file: a list of words, no kind.
WORDS_SECTIONS: dict[str, str | None] = dict.fromkeys(QuoteWords._fields)
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
    quote_words: QuoteWords = QuoteWords()

    def allows(self, lemma: str, scope: str) -> bool:
        """True when cue ``lemma`` may report through ``scope`` ("object", "infinitive")."""
        have = self.scopes.get(lemma, "clause")
        return SCOPE_ORDER.index(have) >= SCOPE_ORDER.index(scope)


class RulesFileError(ValueError):
    """A rules file the loader refuses: an unknown section or kind, an empty section, a cue
    listed with two kinds. Each would silently switch a rule off or on, so it stops the load."""


def _section(header: str, path: Path, sections: dict[str, str | None]) -> tuple[str, str | None]:
    """``[speech]`` or ``[speech: other]`` -> (section, kind)."""
    name, _, kind = (part.strip() for part in header[1:-1].partition(":"))
    if name not in sections:
        raise RulesFileError(f"{path.name}: unknown section [{name}] (known: {', '.join(sorted(sections))})")
    default = sections[name]
    if kind and (default is None or kind not in KINDS):
        raise RulesFileError(f"{path.name}: section [{name}] cannot take kind {kind!r} (kinds: {', '.join(KINDS)})")
    return name, kind or default


def read_sections(path: Path, sections: dict[str, str | None]) -> list[tuple[str, str | None, list[str]]]:
    """The ``[section]`` / ``[section: kind]`` blocks of a rules file, entries in order.

    Args:
        path: the rules file (``#`` comments, one entry per line).
        sections: the sections this file may have, each with its default kind (None: the
            section takes no kind).

    Raises:
        RulesFileError: an unknown section or kind, an entry before any section, an empty section.
    """
    blocks: list[tuple[str, str | None, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = " ".join(line.split("#", 1)[0].lower().split())
        if entry.startswith("[") and entry.endswith("]"):
            blocks.append((*_section(entry, path, sections), []))
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
    for name, kind, entries in read_sections(path, CUE_SECTIONS) if path.is_file() else []:
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
        _quote_words(RULES_DIR / f"quote_words_{language}.txt"),
    )


def _quote_words(path: Path) -> QuoteWords:
    """``rules/quote_words_<lang>.txt``; a section it lacks is an empty list."""
    words: dict[str, set[str]] = {}
    for name, _, entries in read_sections(path, WORDS_SECTIONS) if path.is_file() else []:
        words.setdefault(name, set()).update(entries)
    return QuoteWords(**{name: frozenset(entries) for name, entries in words.items()})


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
    if token.tag_ != "NNS":
        return False
    deps = {c.dep_ for c in token.children}
    return "nsubj" in deps and "ccomp" in deps


def is_preposition_cue(token: Token, lexicon: CueLexicon) -> bool:
    """``according`` (to), ``selon``: cues that are prepositions, not verbs."""
    # "According" is sometimes parsed as a verb, even as the root of its sentence
    return token.dep_ in PREPOSITION_DEPS or token.pos_ == "ADP" or token.lower_ in lexicon.quote_words.preposition_cues


def cue_lemma(cue: Token, lexicon: CueLexicon) -> str:
    """The lexicon entry ``cue`` matched: its lemma, or a surface stem the lemmatizer missed."""
    lemma = cue.lemma_.lower()
    if lemma in lexicon.scopes:
        return lemma
    return next((s for s in surface_stems(cue.lower_) if s in lexicon.scopes), lemma)


def could_be_cue(pos: str, dep: str, tag: str, lower: str, lexicon: CueLexicon) -> bool:
    """``is_cue``'s first test on a token's plain attributes: False means the token is no cue (a
    caller holding the attributes as columns skips building a Token for most words)."""
    return (
        pos in VERB_POS
        or dep in PREPOSITION_DEPS
        or pos == "ADP"
        or lower in lexicon.quote_words.preposition_cues
        or tag == "NNS"  # a verb read as a plural noun
    )


def is_cue(token: Token, lexicon: CueLexicon) -> bool:
    """True when ``token`` is a reporting verb or a prepositional cue of the lexicon.

    Nouns are excluded on purpose: "the report" is not a cue, "reported" is.
    """
    if token.pos_ not in VERB_POS and not is_preposition_cue(token, lexicon) and not _verb_read_as_noun(token):
        return False
    lemma, lower = token.lemma_.lower(), token.lower_
    if lemma in lexicon.words or (lower in lexicon.words and is_preposition_cue(token, lexicon)):
        return True
    if token.pos_ in VERB_POS and any(stem in lexicon.words for stem in surface_stems(lower)):
        return True
    if not lexicon.phrases:
        return False
    return any(
        (lemma, child.lower_) in lexicon.phrases or (lower, child.lower_) in lexicon.phrases
        for child in token.children
    )
