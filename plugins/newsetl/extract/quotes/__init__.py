"""Find attributed statements in a parsed article: direct, indirect and mixed quotes.

Three passes, as the Gender Gap Tracker's ``extract_quotes`` composes its syntactic, floating and
heuristic passes, but as small module functions over one parsed Doc (no re-parsing, no regex over
tokens), one module per pass:

1. *clauses* (``cue_clauses``, ``cue_objects``): a reporting cue (``rules/cue_verbs_<lang>.txt``)
   with a content clause: its ``ccomp`` ("Lavrov stressed that Moscow will continue..."), a
   "that"-clause of its object ("expressed hope that..."), the clause before a postposed "X said"
   / "..., sources said", or the clause around "according to X"; also a reported object
   ("criticized the plan"); then (``cue_words``) a cue noun's clause or topic ("his claim that
   ...") and a stance adjective's ("are afraid that");
2. *marks* (``quotations``): quotations (``quote_marks.find_quoted_spans``) not covered by a
   clause, attributed to a cue in their own sentence or at the end of the sentence before
   (``Lavrov said:``);
3. *floating* (``quotations``): a whole quoted sentence with no cue continues the previous quote's
   speaker.

Where a content starts and ends is ``boundaries``; typing, nesting, speakers and the ``Quote``
records are ``attributions``; the token tests all passes share are ``parse``. The word lists are
in ``rules/cue_verbs_<lang>.txt`` and ``rules/quote_words_<lang>.txt``, read by
``newsetl.extract.cues``.

The type follows the quotation marks over the content's words: all inside is ``direct``, some is
``mixed`` (``told the media that the plan “neglected many of the LNA’s demands...”``), none is
``indirect``. Cues inside quotation marks are skipped: in ``“Today we can report that...,” said
Lavrov`` the statement is Lavrov's, not a nested report.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsetl.extract.columns import Columns
from newsetl.extract.cues import cue_lexicon
from newsetl.extract.quotes.attributions import (
    drop_nested,
    extend_over_quotes,
    overlapping,
    quoted_index,
    records,
    typed,
)
from newsetl.extract.quotes.cue_clauses import clause_candidates
from newsetl.extract.quotes.cue_words import noun_candidates, stance_candidates
from newsetl.extract.quotes.quotations import inside_flags, mark_candidates, quote_token_ranges
from newsetl.records import Quote

__all__ = ["find_quotes"]


def find_quotes(doc: Doc, *, language: str | None = None) -> list[Quote]:
    """Find the direct, indirect and mixed quotes of a parsed article, in document order.

    Args:
        doc: a spaCy Doc of the article's clean text, with parser and NER run.
        language: ISO 639-1 code selecting the cue list; defaults to ``doc.lang_``.

    Returns:
        One ``Quote`` per attributed statement; offsets index ``doc.text``.
    """
    lexicon = cue_lexicon(language or doc.lang_)
    columns = Columns.of(doc)  # the text and quotation marks, read once per Doc
    text, spans = columns.text, columns.quoted
    ranges = quote_token_ranges(doc, spans)
    token_ranges = list(ranges.values())  # sorted by start, as the spans are
    inside = inside_flags(len(doc), token_ranges)
    found = clause_candidates(doc, lexicon, inside) + noun_candidates(doc, lexicon, inside)
    found += stance_candidates(doc, lexicon, inside)
    clauses = [extend_over_quotes(c, token_ranges) for c in found]
    quoted = quoted_index(spans)
    attrs = [typed(doc, c, inside, quoted) for c in clauses]
    used = {s for a in attrs for s in overlapping(quoted, a.start, a.end)}
    free = [r for s, r in ranges.items() if s not in used]
    marks = mark_candidates(doc, list(doc.sents), free, lexicon, inside)
    attrs += [typed(doc, c, inside, quoted) for c in marks]
    return records(doc, text, drop_nested(attrs), lexicon)
