"""What every quote pass reads from the parse: the shared token tests, a cue's speaker, and the
``Candidate`` the passes produce (a content token range with its cue, subject and rule name)."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from newsetl.extract.cues import CueLexicon, is_cue
from newsetl.extract.speakers import AGENT_DEPS, PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, subject_of

CONTENT_DEPS = frozenset({"ccomp"})


OBJECT_CONTENT_DEPS = frozenset({"dobj", "obj", "oprd", "dative"})


PRESENT_TAGS = frozenset({"VBZ", "VBP", "MD"})


class Candidate(NamedTuple):
    """An attribution before typing: content token range, its cue and subject."""

    start: int  # first token of the content
    end: int  # one past its last token
    cue: Token | None
    subject: Token | None
    source: str  # clause | object | noun | stance | marks | labelled | floating
    rule: str  # the named rule that found it: fct_quotes.extraction_method


def has_subject(token: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in token.children)


def has_doer(token: Token) -> bool:
    """A subject or a passive agent: someone named as doing it."""
    return any(c.dep_ in SUBJECT_DEPS or c.dep_ in AGENT_DEPS for c in token.children)


def is_line_break(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def is_word(token: Token) -> bool:
    return token.is_alpha or token.like_num


def is_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN")


def passive_subject(cue: Token) -> Token | None:
    """The subject of a passive cue, before it: "Trump" in "Trump is supported by ..."."""
    return next((c for c in cue.children if c.dep_ in PASSIVE_SUBJECT_DEPS and c.i < cue.i), None)


def present_tense(verb: Token) -> bool:
    """"wants", "does not want", "has refused", "is seeking", "will try": not a narrated past act."""
    auxiliaries = (c for c in verb.children if c.dep_ in ("aux", "auxpass"))
    return verb.tag_ in PRESENT_TAGS or any(c.tag_ in PRESENT_TAGS for c in auxiliaries)


def cue_subject(cue: Token, lexicon: CueLexicon) -> Token | None:
    """The speaker of ``cue``; for a participle that follows a report ("analysts said X has
    contributed, citing Y") the subject of that report, not of the clause it hangs from."""
    if _asked_of_the_subject(cue):
        return None
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and not has_subject(cue):
        clause = cue.head
        while clause.dep_ not in CONTENT_DEPS and clause.dep_ in ("advcl", "conj") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ in CONTENT_DEPS and is_cue(clause.head, lexicon):
            return subject_of(clause.head)
    return subject_of(cue)


def _asked_of_the_subject(cue: Token) -> bool:
    """"Asked what he thought ..., Walter said": a passive participle reports what someone
    else (often the reporter) put to the subject; the question is kept, without a speaker."""
    # the tagger reads a fronted "Asked" as a past tense as often as a participle
    participle = cue.tag_ == "VBN" or (cue.tag_ == "VBD" and cue.i < cue.head.i)
    return cue.dep_ == "advcl" and participle and not has_doer(cue)
