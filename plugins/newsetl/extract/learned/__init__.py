"""The learned attribution extractor: a CRF tagger trained on PolNeAR's train split over the rules' output.

``attribute(doc, rule_quotes, language)`` is the seam the extract stage calls after the rules: for
a language with a trained model (English) it returns the model's quotes, for any other the rules'
unchanged. ``tagger`` runs the model, ``features`` and ``decode`` are its input and output,
``decision`` chooses among the rules' and the model's quotes,
``corpus`` and ``train`` rebuild it (``make train``); MODEL_CARD.md beside them tells what it was
trained on and how well it does. Nothing heavy is imported here: the model loads on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsetl.records import Quote

# Languages the committed model was trained on.
MODEL_LANGUAGES = frozenset({"en"})


def attribute(doc: Doc, rule_quotes: Sequence[Quote], *, language: str) -> list[Quote]:
    """The article's quotes: the model's where it has one for ``language``, else ``rule_quotes``."""
    if language not in MODEL_LANGUAGES:
        return list(rule_quotes)
    from newsetl.extract.learned.tagger import learned_quotes

    return learned_quotes(doc, rule_quotes, language=language)
