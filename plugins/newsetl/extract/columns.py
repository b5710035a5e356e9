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
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)

from newsetl.extract.cues import CueLexicon, could_be_cue, is_cue
from newsetl.extract.quote_marks import find_quoted_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

COLUMNS_KEY = "newsetl.extract.columns"
CUES_KEY = "newsetl.extract.columns.cues"


class Columns:
    """The Doc's text and quotation marks, and its token attributes as plain lists (reading them
    through ``Token`` objects cost more than the tagger itself)."""

    def __init__(self, doc: Doc) -> None:
        table = doc.to_array(
            [LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, IS_UPPER, IS_TITLE, LIKE_NUM, IS_ALPHA, LENGTH, ORTH, SPACY]
        )
        strings = doc.vocab.strings

        def named(column: int) -> list[str]:
            # one string lookup per distinct value, then a list index per token
            distinct, inverse = numpy.unique(table[:, column], return_inverse=True)
            names = [strings[key] if key else "" for key in distinct.tolist()]
            return [names[k] for k in inverse.tolist()]

        # what ``doc.text`` joins (each token's text and its one trailing space), without a Token each
        self.text = "".join(
            f"{orth} " if space else orth for orth, space in zip(named(11), table[:, 12].tolist(), strict=True)
        )
        self.quoted = find_quoted_spans(self.text)
        self.lower, self.pos, self.dep = named(0), named(2), named(4)
        self.tag, self.ent = named(3), named(5)
        distinct, inverse = numpy.unique(table[:, 1], return_inverse=True)
        lemmas = [strings[key].lower() if key else "" for key in distinct.tolist()]
        self.lemma = [lemmas[k] for k in inverse.tolist()]
        self.shape = [_shape(*flags) for flags in table[:, 6:11].tolist()]
        signed = doc.to_array([HEAD, SENT_START]).astype("int64").tolist()
        self.head = [i + offset for i, (offset, _) in enumerate(signed)]
        self.sent_start = [flag == 1 for _, flag in signed]

    @classmethod
    def of(cls, doc: Doc) -> Columns:
        """The Doc's columns, read on the first call and kept with the Doc."""
        cached = doc.user_data.get(COLUMNS_KEY)
        if cached is None or cached[0] != len(doc):
            cached = doc.user_data[COLUMNS_KEY] = (len(doc), cls(doc))
        return cached[1]


def _shape(upper: int, title: int, number: int, alpha: int, length: int) -> str:
    if upper and length > 1:
        return "X"
    if title:
        return "Xx"
    if number:
        return "d"
    return "x" if alpha else "."


class CueFlags:
    """``cues.is_cue`` per token index of one Doc, asked once per token whoever asks."""

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc, self.lexicon, self.columns = doc, lexicon, Columns.of(doc)
        self.known: dict[int, bool] = {}

    @classmethod
    def of(cls, doc: Doc, lexicon: CueLexicon) -> CueFlags:
        """The flags of ``doc`` under ``lexicon``, kept with the Doc (one set per lexicon)."""
        key = (CUES_KEY, id(lexicon))
        cached = doc.user_data.get(key)
        if cached is None or cached[0] != len(doc) or cached[1].lexicon is not lexicon:
            cached = doc.user_data[key] = (len(doc), cls(doc, lexicon))
        return cached[1]

    def could_be(self, i: int) -> bool:
        """``is_cue``'s first test, on the columns: False means token ``i`` is no cue."""
        col = self.columns
        return could_be_cue(col.pos[i], col.dep[i], col.tag[i], col.lower[i], self.lexicon)

    def __getitem__(self, i: int) -> bool:
        flag = self.known.get(i)
        if flag is None:
            flag = self.known[i] = self.could_be(i) and is_cue(self.doc[i], self.lexicon)
        return flag
