"""A parsed article's text and token attributes read once, shared by the rules and the tagger.

``doc.text`` is rebuilt from every token on each access, and every ``for token in doc`` or
``doc[i]`` builds a Python ``Token``; the quote rules, the mention rules and the tagger's features
each did both over the whole Doc. ``Columns.of(doc)`` reads the text and the attributes as plain
lists (``Doc.to_array``) once per Doc, and ``CueFlags.of(doc, lexicon)`` answers ``cues.is_cue``
once per token, building a ``Token`` only for the few words whose attributes allow a cue.
Both are kept in ``doc.user_data`` like ``speakers._cached``, keyed with the Doc's length.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IS_ALPHA,
    IS_TITLE,
    IS_UPPER,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    LOWER,
    POS,
    SENT_START,
    TAG,
)

from newsetl.extract.cues import CueLexicon, could_be_cue, is_cue, surface_stems
from newsetl.extract.quote_marks import find_quoted_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

COLUMNS_KEY = "newsetl.extract.columns"
CUES_KEY = "newsetl.extract.columns.cues"


class Columns:
    """The Doc's text and quotation marks, and its token attributes as plain lists (reading them
    through ``Token`` objects cost more than the tagger itself)."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self.quoted = find_quoted_spans(self.text)
        table = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, IS_UPPER, IS_TITLE, LIKE_NUM, IS_ALPHA, LENGTH])
        strings = doc.vocab.strings

        def named(column: int) -> list[str]:
            # one string lookup per distinct value, then a list index per token
            distinct, inverse = numpy.unique(table[:, column], return_inverse=True)
            names = [strings[key] if key else "" for key in distinct.tolist()]
            return [names[k] for k in inverse.tolist()]

        self.lower, self.pos, self.dep = named(0), named(2), named(4)
        self.tag, self.ent = named(3), named(5)
        distinct, inverse = numpy.unique(table[:, 1], return_inverse=True)
        lemmas = [strings[key].lower() if key else "" for key in distinct.tolist()]
        self.lemma = [lemmas[k] for k in inverse.tolist()]
        upper, title, number, alpha, length = table[:, 6:11].T
        # the word's shape: "X" (an acronym), "Xx", "d" (a number), "x" or "." (the first that holds)
        self.shape = numpy.select(
            [(upper != 0) & (length > 1), title != 0, number != 0, alpha != 0], ["X", "Xx", "d", "x"], "."
        ).tolist()
        signed = doc.to_array([HEAD, SENT_START]).astype("int64")
        self.head = (numpy.arange(len(doc)) + signed[:, 0]).tolist()
        self.sent_start = (signed[:, 1] == 1).tolist()

    @classmethod
    def of(cls, doc: Doc) -> Columns:
        """The Doc's columns, read on the first call and kept with the Doc."""
        cached = doc.user_data.get(COLUMNS_KEY)
        if cached is None or cached[0] != len(doc):
            cached = doc.user_data[COLUMNS_KEY] = (len(doc), cls(doc))
        return cached[1]


class CueFlags:
    """``cues.is_cue`` per token index of one Doc, asked once per token whoever asks."""

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc, self.lexicon, self.columns = doc, lexicon, Columns.of(doc)
        self.known: list[bool | None] = [None] * len(doc)  # a list: the tagger asks 2M times per 650 articles
        # is_cue holds only for a word whose lemma or form (or a stem of it) the lexicon lists,
        # alone or as the head of a phrasal cue: any other word needs no Token built.
        self.heads = frozenset(head for head, _ in lexicon.phrases)

    @classmethod
    def of(cls, doc: Doc, lexicon: CueLexicon) -> CueFlags:
        """The flags of ``doc`` under ``lexicon``, kept with the Doc (one set per lexicon)."""
        key = (CUES_KEY, id(lexicon))
        cached = doc.user_data.get(key)
        if cached is None or cached[0] != len(doc) or cached[1].lexicon is not lexicon:
            cached = doc.user_data[key] = (len(doc), cls(doc, lexicon))
        return cached[1]

    def could_be(self, i: int) -> bool:
        """``is_cue``'s first tests, on the columns: False means token ``i`` is no cue."""
        col = self.columns
        if not could_be_cue(col.pos[i], col.dep[i], col.tag[i], col.lower[i], self.lexicon):
            return False
        lemma, lower, words = col.lemma[i], col.lower[i], self.lexicon.words
        return (
            lemma in words
            or lemma in self.heads
            or lower in self.heads
            or any(stem in words for stem in surface_stems(lower))  # the form itself first
        )

    def __getitem__(self, i: int) -> bool:
        flag = self.known[i]
        if flag is None:
            flag = self.known[i] = self.could_be(i) and is_cue(self.doc[i], self.lexicon)
        return flag
