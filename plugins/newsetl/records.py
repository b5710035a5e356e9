"""Typed records passed between the pipeline stages.

Frozen dataclasses with integer character offsets into ``clean_text`` (never dicts or offset
strings), so every stage can be tested on its own and the load stage maps them 1:1 onto the raw
tables in ``newsetl/load/schema.sql``, the one declaration of those tables (each record's fields
are checked against its table's columns by ``tests/load/test_schema.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RawDocument:
    """One decoded input document: a file, or one line of a JSON-lines file."""

    document_id: str
    source_uri: str
    input_format: str  # txt | html | jsonl
    encoding: str
    byte_count: int
    text: str  # NFC-normalised plain text (HTML already reduced to text by trafilatura)
    source_name: str | None = None
    url: str | None = None
    title: str | None = None  # given by the input itself (JSON lines, HTML metadata)
    published_at: datetime | None = None
    author: str | None = None
    # Where source_name, url, published_at and author came from: given (by the input: a header
    # block, a sidecar .json, JSON fields, the page's metadata) | inferred (from the text) | none.
    metadata_source: str = "none"
    extractor: str | None = None  # "trafilatura" when the text was extracted from a page
    external_id: str | None = None  # the JSON line's own ``id``, when it has one


@dataclass(frozen=True)
class Rejection:
    """An input that could not become a document, with a reason an operator can act on."""

    source_uri: str
    reason: str  # short machine-readable code: empty, binary, undecodable, too_large, ...
    detail: str


@dataclass(frozen=True)
class RemovedLine:
    """A line stripped as boilerplate, and the rule that stripped it."""

    line_no: int  # 0-based line number in the document's text
    text: str
    rule: str


@dataclass(frozen=True)
class Block:
    """One line of ``clean_text`` and what it is: structure is marked, never deleted."""

    block_index: int  # 0.. within the article
    kind: str  # heading | entry_head | paragraph
    start_char: int
    end_char: int


@dataclass(frozen=True)
class CleanArticle:
    """One report cut from a document, with its boilerplate removed."""

    document_id: str
    source_part: int
    title: str | None
    clean_text: str
    raw_char_count: int
    removed: tuple[RemovedLine, ...] = ()
    blocks: tuple[Block, ...] = ()

    @property
    def article_id(self) -> str:
        return f"{self.document_id}:{self.source_part}"

    @property
    def boilerplate_chars_removed(self) -> int:
        return sum(len(line.text) for line in self.removed)


@dataclass(frozen=True)
class LanguageGuess:
    language: str  # ISO 639-1 code, or "und" when the text is too short or ambiguous
    confidence: float


@dataclass(frozen=True)
class Mention:
    """A named person, organization or location in ``clean_text``, titles stripped."""

    mention_text: str
    entity_label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, ...
    actor_type: str  # person | organization | location
    start_char: int
    end_char: int
    sentence_index: int


@dataclass(frozen=True)
class Quote:
    """An attributed statement: what was said, by whom, through which cue."""

    quote_text: str
    quote_type: str  # direct | indirect | mixed
    speaker_text: str | None
    cue_verb: str | None
    start_char: int
    end_char: int
    sentence_index: int
    attribution_kind: str  # speech | thought | intention | other, from the cue (rules/cue_verbs_<lang>.txt)
    extraction_method: str  # the named rule (or the model) that found it: "cue_clause", "quotation_cue", ...
    # Offsets of the speaker span in clean_text: the resolved antecedent for pronouns and
    # descriptions ("he", "the spokesman"), None when no speaker could be found.
    speaker_start_char: int | None = None
    speaker_end_char: int | None = None


@dataclass(frozen=True)
class Extraction:
    """What the NLP stage found in one article."""

    quotes: tuple[Quote, ...] = ()
    mentions: tuple[Mention, ...] = ()
    status: str = "ok"  # ok | skipped_language | failed
    error: str | None = None


@dataclass(frozen=True)
class LinkedMention:
    """A mention with the normalised keys the dbt actor resolution works from."""

    mention: Mention
    name_key: str  # normalised name: case, accents, al-/el- prefixes, transliteration folded
    article_key: str  # name_key of the fullest form this mention refers to in its article
    link_method: str  # exact | surname_in_article | acronym_in_article
