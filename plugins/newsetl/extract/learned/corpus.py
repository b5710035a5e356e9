"""PolNeAR-format folders as the pipeline sees them: clean text, its parse, and gold tags per token.

A folder holds ``inbox/<article_id>.txt`` and ``gold.jsonl`` (attributions as character offsets
into the .txt; see the folder's PROVENANCE.md). The model must learn from the text the extractor
is given at run time, so each article goes through the pipeline's own ingest and clean steps
(headline cut, boilerplate lines removed, paragraphs rejoined) and the gold offsets are carried
over to ``clean_text`` line by line. The spaCy parses are cached in a DocBin outside the package
(``data/cache/``): parsing the training split is the slow step, the features are recomputed from
the cache on every training run, so a change to them never needs a re-parse.

Used by ``newsetl.extract.learned.train`` only: nothing here runs in the pipeline.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsetl.clean import clean_document, repeated_across_stories
from newsetl.ingest import read_inbox
from newsetl.records import RawDocument
from newsetl.settings import get_settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Roles of PolNeAR's annotation, one per token (the annotation is univocal).
ROLES = {"source": "SRC", "cue": "CUE", "content": "CON"}


@dataclass(frozen=True)
class CorpusArticle:
    """One clean article of a corpus folder and where each of its characters came from."""

    source_uri: str
    article_id: str  # the .txt name without extension, as in gold.jsonl
    clean_text: str
    raw_offsets: tuple[int, ...]  # per clean_text character: its offset in the .txt, -1 if none


def align_lines(raw: str, clean: str) -> tuple[int, ...]:
    """Offsets in ``raw`` of each character of ``clean``, whose lines are stripped lines of ``raw``
    in order (the clean stage drops lines and rejoins paragraphs; it never rewrites a line)."""
    offsets: list[int] = []
    cursor = 0
    for k, line in enumerate(clean.split("\n")):
        if k:
            offsets.append(-1)  # the line break clean text put back
        at = raw.find(line, cursor) if line else -1
        if at < 0:
            offsets.extend([-1] * len(line))
            continue
        offsets.extend(range(at, at + len(line)))
        cursor = at + len(line)
    return tuple(offsets)


def _documents(folder: Path) -> list[RawDocument]:
    settings = get_settings()
    return [d for d in read_inbox(folder / "inbox", max_bytes=settings.max_input_bytes) if isinstance(d, RawDocument)]


def read_articles(folder: Path) -> list[CorpusArticle]:
    """The folder's articles cleaned as ``newsetl run`` cleans one batch of them."""
    documents = sorted(_documents(folder), key=lambda d: d.source_uri)
    texts = {d.document_id: d.text for d in documents}  # one folder: one source, as the pipeline counts them
    repeats = repeated_across_stories(texts, min_stories=get_settings().repeated_line_min_stories)
    articles = []
    for document in documents:
        for part in clean_document(document, source_repeats=repeats):
            article_id = Path(document.source_uri).stem
            offsets = align_lines(document.text, part.clean_text)
            articles.append(CorpusArticle(document.source_uri, article_id, part.clean_text, offsets))
    return articles


def read_gold(folder: Path) -> dict[str, list[dict]]:
    """Attributions of each article id, as gold.jsonl lists them."""
    with open(folder / "gold.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return {row["article_id"]: row["attributions"] for row in rows}


def span_pieces(value: list | None) -> list[tuple[int, int]]:
    """A span field of gold.jsonl: ``[s, e]`` or ``[[s, e], ...]``."""
    if not value:
        return []
    if isinstance(value[0], list):
        return [(s, e) for s, e in value]
    return [(value[0], value[1])]


def raw_roles(attributions: Sequence[dict]) -> dict[int, tuple[str, int]]:
    """Per raw character inside an annotated span: its role and the number of its span piece."""
    roles: dict[int, tuple[str, int]] = {}
    piece = 0
    for attribution in attributions:
        for field, role in ROLES.items():
            spans = span_pieces(attribution.get(f"{field}_spans") or attribution.get(field))
            for start, end in spans:
                piece += 1
                for i in range(start, end):
                    roles[i] = (role, piece)
    return roles


def gold_tags(doc: Doc, article: CorpusArticle, attributions: Sequence[dict]) -> list[str]:
    """BIO tags of the doc's tokens (B- where a gold span piece starts)."""
    roles = raw_roles(attributions)
    tags, last_piece = [], None
    for token in doc:
        raw = article.raw_offsets[token.idx] if not token.is_space else -1
        role, piece = roles.get(raw, ("O", None)) if raw >= 0 else ("O", None)
        if role == "O":
            tags.append("O")
        else:
            tags.append(("I-" if piece == last_piece else "B-") + role)
        last_piece = piece
    return tags


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def parsed(nlp: Language, articles: Sequence[CorpusArticle], cache_dir: Path, *, batch_size: int = 16) -> list[Doc]:
    """The parses of ``articles``, reusing cached parses of unchanged texts by this same pipeline.

    Cached per text, so a change to the clean stage re-parses only the articles it changed.
    """
    from spacy.tokens import DocBin

    stem = f"{nlp.lang}_{nlp.meta['name']}-{nlp.meta['version']}"
    index_path, bin_path = cache_dir / f"{stem}.json", cache_dir / f"{stem}.spacy"
    cached: dict[str, Doc] = {}
    if index_path.exists() and bin_path.exists():
        keys = json.loads(index_path.read_text())
        cached = dict(zip(keys, DocBin().from_disk(bin_path).get_docs(nlp.vocab), strict=True))
    keys = [_text_key(a.clean_text) for a in articles]
    missing = {k: a.clean_text for k, a in zip(keys, articles, strict=True) if k not in cached}
    if missing:
        cached.update(zip(missing, nlp.pipe(missing.values(), batch_size=batch_size), strict=True))
        cache_dir.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=list(cached.values())).to_disk(bin_path)
        index_path.write_text(json.dumps(list(cached)))
    return [cached[k] for k in keys]


def iter_corpus(
    nlp: Language, folder: Path, cache_dir: Path
) -> Iterator[tuple[CorpusArticle, Doc, list[str]]]:
    """Each article of ``folder`` with its parse and gold BIO tags."""
    articles = read_articles(folder)
    gold = read_gold(folder)
    for article, doc in zip(articles, parsed(nlp, articles, cache_dir / folder.name), strict=True):
        yield article, doc, gold_tags(doc, article, gold.get(article.article_id, []))
