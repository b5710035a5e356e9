"""Extract stage: quotes and actor mentions from clean article text.

``extract_texts`` is the entry point the pipeline calls: it loads the spaCy model of the batch's
language once, parses the texts with ``nlp.pipe`` and turns each Doc into an ``Extraction``. A
document that fails becomes a ``failed`` Extraction with the error, and the batch goes on
(STYLE.md item 15). Importing this package imports neither spaCy nor a model: the functions
that need spaCy are re-exported lazily (module ``__getattr__``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from newsetl.extract.nlp import MODELS, language_code, load_nlp
from newsetl.extract.quote_marks import QuotedSpan, find_quoted_spans
from newsetl.records import Extraction

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from newsetl.extract.mentions import find_mentions
    from newsetl.extract.quotes import find_quotes

__all__ = [
    "MODELS",
    "QuotedSpan",
    "extract_doc",
    "extract_texts",
    "find_mentions",
    "find_quoted_spans",
    "find_quotes",
    "language_code",
    "load_nlp",
]

# Container allocations between two young-generation collections while a batch is parsed and
# extracted (CPython's default: 700). The parse and the rules make millions of short-lived
# containers, nearly all freed by reference counting, so at the default the collector ran about
# 870 times over 300 bench articles for nothing much: 0.99 CPU s of collections inside the parse
# and the rules, 0.14 at 20,000 (gc.callbacks). The shard's Docs are still freed by the full
# collection after each shard (pipeline.process_batch).
EXTRACT_GC_THRESHOLD = 20_000

_LAZY = {"find_quotes": "newsetl.extract.quotes", "find_mentions": "newsetl.extract.mentions"}


def __getattr__(name: str) -> Any:
    """Import ``find_quotes`` / ``find_mentions`` (and spaCy) on first use only."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _failed(exc: Exception) -> Extraction:
    return Extraction(status="failed", error=f"{type(exc).__name__}: {exc}")


def extract_doc(doc: Doc, language: str) -> Extraction:
    """Quotes and mentions of one parsed article; any error becomes a ``failed`` Extraction.

    The rules find quotes first; the learned tagger (``newsetl.extract.learned``) reads them as
    evidence and gives the article's quotes where it has a model for the language.
    """
    from newsetl.extract.learned import attribute
    from newsetl.extract.mentions import find_mentions
    from newsetl.extract.quotes import find_quotes

    try:
        quotes = attribute(doc, find_quotes(doc, language=language), language=language)
        mentions = find_mentions(doc)
    except Exception as exc:  # noqa: BLE001 - one bad article must not fail the batch
        return _failed(exc)
    return Extraction(quotes=tuple(quotes), mentions=tuple(mentions))


def _parse(nlp: Language, texts: Sequence[str], batch_size: int) -> Iterator[Doc | Exception]:
    """Docs of ``texts`` in order; if a batch fails, the rest are parsed one by one."""
    done = 0
    try:
        for doc in nlp.pipe(texts, batch_size=batch_size):
            yield doc
            done += 1
    except Exception:  # noqa: BLE001 - which text failed is found below, one at a time
        for text in texts[done:]:
            try:
                yield nlp(text)
            except Exception as exc:  # noqa: BLE001
                yield exc


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Young collections at ``EXTRACT_GC_THRESHOLD`` allocations inside the block, then as before."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], EXTRACT_GC_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def extract_texts(texts: Sequence[str], language: str, *, batch_size: int = 32) -> list[Extraction]:
    """Extract quotes and mentions from articles that share one language.

    Args:
        texts: clean article texts (``CleanArticle.clean_text``).
        language: ISO 639-1 code of all the texts; en and fr have models.
        batch_size: texts per ``nlp.pipe`` batch.

    Returns:
        One ``Extraction`` per text, in order: ``skipped_language`` for every text when the
        language has no model (no model is loaded), ``failed`` with the error for a text
        that could not be parsed or processed.
    """
    try:
        code = language_code(language)
    except ValueError as exc:
        return [Extraction(status="skipped_language", error=str(exc)) for _ in texts]
    nlp = load_nlp(code)
    with _fewer_collections():
        return [
            _failed(doc) if isinstance(doc, Exception) else extract_doc(doc, code)
            for doc in _parse(nlp, list(texts), batch_size)
        ]
