"""The pipeline's steps, each a function over a batch folder, shared by the CLI and the DAGs.

    plan_batch     inbox -> rejections, and shard folders of new documents
    process_shard  one shard -> documents, articles (clean text, language), audit rows, and
                   their quotes and mentions (extract_batch)
    process_batch  plan_batch, then process_shard on each shard in turn (the CLI's path)
    extract_batch  articles -> quotes and mentions (spaCy), with in-article name links
    load_batch     batch files -> DuckDB raw/audit tables, one transaction (newsetl.load)
    build_marts    dbt build on the warehouse (newsetl.load.dbt); generate_docs for the docs site
    publish        read-only analyst copy + Parquet exports (newsetl.publish)

Every step reads and writes files keyed by content hashes, so re-running one (an Airflow retry)
gives the same result.
"""

from __future__ import annotations

import gc
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsetl.clean import clean_document, line_keys, repeated_across_stories
from newsetl.clean.metadata import with_inferred_metadata
from newsetl.ingest import read_inbox
from newsetl.language import detect_language, skip_reason
from newsetl.load import (
    batch_table_files,
    known_documents,
    loaded_documents,
    read_batch_table,
    shard_path,
    write_batch_table,
)
from newsetl.offsets import OffsetIndex
from newsetl.records import Extraction, RawDocument, Rejection
from newsetl.settings import Settings

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class WarehouseDamagedError(RuntimeError):
    """The warehouse file exists but DuckDB cannot read it (truncated, overwritten): stop, say so."""


def _readable_warehouse(settings: Settings) -> Path:
    """The warehouse, or the published copy while a writer holds the warehouse.

    Raises:
        WarehouseDamagedError: when the file cannot be read for any reason but another writer
            (a half-truncated file used to pass for a locked one, and the run went on blind).
    """
    import duckdb

    from newsetl.load.warehouse import is_lock_conflict

    if not settings.warehouse.exists():
        return settings.warehouse
    try:
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            problem = _missing_blocks(settings.warehouse, con)
    except duckdb.Error as error:
        if is_lock_conflict(str(error)):
            log.warning("warehouse is locked by a writer; reading the published copy")
            return settings.published
        problem = str(error).splitlines()[0]
    if problem:
        raise WarehouseDamagedError(
            f"the warehouse {settings.warehouse} cannot be read ({problem}); it may be truncated or damaged. "
            f"Nothing was written. Restore it from a backup, or move it away to rebuild it from the inbox; "
            f"the analysts' copy {settings.published} is untouched")
    return settings.warehouse


def _missing_blocks(warehouse: Path, con: duckdb.DuckDBPyConnection) -> str | None:
    """Why the file is shorter than the last block its tables use, or None when it is not.

    DuckDB opens a half-truncated file without complaint and fails only when a query reaches a
    missing block, so a run with nothing new went on as if all were well. The tables' storage
    metadata names every block they use (no data is read); the header's block count is no
    guide, since DuckDB trims free blocks off the end of the file.
    """
    block_size = con.execute("pragma database_size").fetchone()[2]
    last = -1
    for schema, table in con.execute("select schema_name, table_name from duckdb_tables() "
                                     "where database_name = current_database()").fetchall():
        used = con.execute("select max(block_id) from pragma_storage_info(?) where persistent",
                           [f'"{schema}"."{table}"']).fetchone()[0]
        last = max(last, used if used is not None else -1)
    size = warehouse.stat().st_size
    if size < (last + 1) * block_size:
        return f"{size} bytes on disk, but its tables use block {last} of {block_size} bytes"
    return None


def _already_loaded(settings: Settings) -> dict[str, str]:
    """Documents in the warehouse (or the published copy while a writer holds the warehouse)."""
    return known_documents(_readable_warehouse(settings))


def _source_key(document: RawDocument) -> str:
    """Which documents count as one source for cross-document boilerplate evidence.

    The outlet the input names, else the folder it sits in; never an outlet read from the text
    (a Reuters dateline in one pasted article does not make it another site's page).
    """
    given = document.source_name if document.metadata_source == "given" else None
    return given or str(Path(document.source_uri.split("#")[0]).parent)


def _new_documents(inbox: Path, settings: Settings) -> tuple[list[RawDocument], list[Rejection], int]:
    """New documents, rejections (duplicates under another name included), and unchanged count."""
    seen = _already_loaded(settings)
    documents, rejections, unchanged = [], [], 0
    for item in read_inbox(inbox, max_bytes=settings.max_input_bytes):
        if isinstance(item, Rejection):
            rejections.append(item)
        elif item.document_id not in seen:
            seen[item.document_id] = item.source_uri
            documents.append(item)
        elif seen[item.document_id] == item.source_uri:
            unchanged += 1
        else:
            rejections.append(Rejection(item.source_uri, "duplicate_content",
                                        f"same content as {seen[item.document_id]} (no new article)"))
    return documents, rejections, unchanged


def _fixed_rejections(inbox: Path, rejections: Sequence[Rejection], settings: Settings) -> list[dict]:
    """Earlier ``unreadable`` rows under ``inbox`` whose file or folder can now be read.

    Without this an ``unreadable`` row stayed in the audit after its owner fixed the
    permissions and the file loaded, reporting a problem that was gone.
    """
    import duckdb

    if not settings.warehouse.exists():
        return []
    prefix = str(inbox.resolve()) + "/"
    try:
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            earlier = con.execute(
                "select distinct source_uri from audit.rejected_inputs where reason = 'unreadable' "
                "and starts_with(source_uri, ?)", [prefix]).fetchall()
    except duckdb.Error:  # no audit table yet, or another writer holds the file: next run
        return []
    still = {r.source_uri for r in rejections if r.reason == "unreadable"}
    return [{"source_uri": uri, "reason": "unreadable"} for (uri,) in earlier
            if uri not in still and os.access(uri, os.R_OK | (os.X_OK if os.path.isdir(uri) else 0))]


def _document_row(document: RawDocument, batch_id: str, at: datetime) -> dict:
    return {**asdict(document), "batch_id": batch_id, "ingested_at": at}


def _repeats_by_source(documents: Sequence[RawDocument], settings: Settings) -> dict[str, frozenset[str]]:
    """Lines repeated across different stories of one source: the cross-document evidence.

    Computed over the loaded documents and the whole batch before any sharding, so a shard
    cleans exactly as the unsharded stage would, and a batch as the same documents in one.
    """
    by_source: dict[str, dict[str, str]] = defaultdict(dict)
    for document in documents:
        by_source[_source_key(document)][document.document_id] = document.text
    return {key: repeated_across_stories(texts, min_stories=settings.repeated_line_min_stories)
            for key, texts in by_source.items()}


def _loaded_to_reclean(documents: Sequence[RawDocument], settings: Settings
                       ) -> tuple[list[dict], dict[str, frozenset[str]]]:
    """Loaded documents whose repeated lines the new ones change, and the evidence over both.

    Each loaded document was cleaned with the evidence of the documents loaded with or before
    it; a new batch can make one of its lines furniture (a third story printing it) or stop
    (a copy joining stories), so it is cleaned again: the articles then depend on the set of
    documents, never on the batches they came in or their order.

    Returns:
        ``raw.documents`` rows to clean again (their batch id and ingestion time kept), and the
        repeated lines by source over the loaded and new documents.
    """
    sources = {_source_key(d) for d in documents}
    loaded_rows = [row for row in loaded_documents(_readable_warehouse(settings))
                   if _source_key(_raw_document(row)) in sources] if documents else []
    loaded = [_raw_document(row) for row in loaded_rows]
    before = _repeats_by_source(loaded, settings)
    after = _repeats_by_source([*loaded, *documents], settings)
    changed = []
    for row, document in zip(loaded_rows, loaded, strict=True):
        key, lines = _source_key(document), line_keys(document.text)
        if lines & before.get(key, frozenset()) != lines & after[key]:
            changed.append(row)
    return changed, after


def _raw_document(row: dict) -> RawDocument:
    """A document row (batch file or ``raw.documents``) back as the ``RawDocument`` it was."""
    return RawDocument(**{f.name: row[f.name] for f in fields(RawDocument) if row.get(f.name) is not None})


def _clean_documents(documents: Sequence[RawDocument], repeats: dict[str, frozenset[str]], *,
                     arrived: dict[str, tuple[str, datetime]], settings: Settings
                     ) -> tuple[list[dict], list[dict], list[dict], list[dict], list[Rejection]]:
    """Document rows, article rows, removed lines, blocks and ``only_boilerplate`` rejections.

    ``arrived`` gives each document's batch id and ingestion time (a cleaned-again document
    keeps those of its first load).
    """
    articles, removed, blocks, kept_documents, rejections = [], [], [], [], []
    for document in documents:
        batch_id, at = arrived[document.document_id]
        document = with_inferred_metadata(document)
        parts = clean_document(document, source_repeats=repeats.get(_source_key(document), frozenset()))
        if not parts:
            rejections.append(Rejection(document.source_uri, "only_boilerplate",
                                        "every line was removed as boilerplate; see no article"))
            continue
        kept_documents.append(_document_row(document, batch_id, at))
        for part in parts:
            guess = detect_language(part.clean_text, min_letters=settings.min_letters_for_language,
                                    min_confidence=settings.min_language_confidence)
            articles.append({
                "article_id": part.article_id, "document_id": part.document_id,
                "source_part": part.source_part, "title": part.title, "clean_text": part.clean_text,
                "raw_char_count": part.raw_char_count,
                "boilerplate_chars_removed": part.boilerplate_chars_removed,
                "language": guess.language, "language_confidence": guess.confidence,
                "extraction_status": "pending", "extraction_error": None,
                "batch_id": batch_id, "ingested_at": at,
            })
            removed += [{"article_id": part.article_id, **asdict(line)} for line in part.removed]
            blocks += [{"article_id": part.article_id, **asdict(block)} for block in part.blocks]
    return kept_documents, articles, removed, blocks, rejections


def _rejection_rows(rejections: Sequence[Rejection], at: datetime) -> list[dict]:
    return [{**asdict(r), "rejected_at": at} for r in rejections]


def _write_cleaned(batch_dir: Path | str, documents: list[dict], removed: list[dict],
                   blocks: list[dict], rejections: Sequence[Rejection], at: datetime) -> None:
    """The batch files of the clean stage for one shard (its articles are written by ``extract_batch``)."""
    write_batch_table(batch_dir, "documents", documents)
    write_batch_table(batch_dir, "boilerplate_removed", removed)
    write_batch_table(batch_dir, "blocks", blocks)
    write_batch_table(batch_dir, "rejected_inputs", _rejection_rows(rejections, at))


def plan_batch(inbox: Path, batch_dir: Path | str, *, batch_id: str, settings: Settings,
               shard_size: int, max_shards: int | None = None) -> dict[str, object]:
    """Read and deduplicate the inbox, then split the new documents into shards.

    The part that must see the whole batch runs here, once: reading (and rejecting) inputs,
    deduplicating by content hash against the warehouse and within the batch, and counting the
    lines repeated across a source's documents. Each shard folder gets its documents and the
    repeat evidence of their sources, so ``process_shard`` cleans and extracts a shard exactly as
    it would inside one shard holding the whole batch, whichever worker runs it. The DAG maps
    the shards over workers; the CLI processes them one after the other, so its memory holds one
    shard's parses and rows at a time, not the batch's.

    Args:
        shard_size: documents per shard (the last shard holds the rest).
        max_shards: if given, shards grow beyond ``shard_size`` so there are at most this many
            (a very large inbox then makes bigger shards, not thousands of mapped tasks).

    Returns:
        ``shards`` (the shard folders, in order) and the counts of the inbox scan:
        ``documents_read``, ``documents_new`` (before cleaning; a shard may still reject some as
        ``only_boilerplate``), ``recleaned`` (loaded documents whose repeated lines the new ones
        change, cleaned again in the shards), ``unchanged``, ``rejected``.
    """
    if shard_size < 1:
        raise ValueError(f"shard_size must be at least 1, not {shard_size}")
    at = utc_now()
    documents, rejections, unchanged = _new_documents(inbox, settings)
    recleaned, repeats = _loaded_to_reclean(documents, settings)
    write_batch_table(batch_dir, "rejected_inputs", _rejection_rows(rejections, at))
    write_batch_table(batch_dir, "cleared_rejections", _fixed_rejections(inbox, rejections, settings))
    write_batch_table(batch_dir, "recleaned", [{"document_id": row["document_id"]} for row in recleaned])
    inputs = [*({**asdict(d), "batch_id": batch_id, "ingested_at": at} for d in documents),
              *({**asdict(_raw_document(row)), "batch_id": row["batch_id"], "ingested_at": row["ingested_at"]}
                for row in recleaned)]
    if max_shards:
        shard_size = max(shard_size, -(-len(inputs) // max_shards))
    shards = []
    for number, start in enumerate(range(0, len(inputs), shard_size)):
        chunk = inputs[start : start + shard_size]
        shard = shard_path(batch_dir, number)
        write_batch_table(shard, "inputs", chunk)
        sources = {_source_key(_raw_document(d)) for d in chunk}
        write_batch_table(shard, "repeats", [{"source_key": key, "line": line}
                                             for key in sorted(sources) for line in sorted(repeats[key])])
        shards.append(str(shard))
    return {"shards": shards, "documents_read": len(documents) + len(rejections) + unchanged,
            "documents_new": len(documents), "recleaned": len(recleaned), "unchanged": unchanged,
            "rejected": len(rejections)}


def process_shard(shard_dir: Path | str, *, settings: Settings) -> dict[str, int]:
    """Clean, language-tag and extract one shard written by ``plan_batch``.

    A mapped task's work in the DAG, one step of the loop in the CLI.

    Idempotent: the shard's output files are rewritten from its inputs on every call.
    """
    inputs = read_batch_table(shard_dir, "inputs")
    repeats: dict[str, set[str]] = defaultdict(set)
    for row in read_batch_table(shard_dir, "repeats"):
        repeats[row["source_key"]].add(row["line"])
    documents = [_raw_document(row) for row in inputs]
    arrived = {row["document_id"]: (row["batch_id"], row["ingested_at"]) for row in inputs}
    kept_documents, articles, removed, blocks, rejections = _clean_documents(
        documents, {k: frozenset(v) for k, v in repeats.items()}, arrived=arrived, settings=settings)
    # New documents come first in a batch, so the first input carries the batch's time.
    _write_cleaned(shard_dir, kept_documents, removed, blocks, rejections,
                   inputs[0]["ingested_at"] if inputs else utc_now())
    # the articles go on to extraction in memory and are written once, with their extraction status
    counts = extract_batch(shard_dir, articles, settings=settings)
    return {"documents_new": len(kept_documents), "rejected": len(rejections),
            "boilerplate_lines": len(removed), **counts}


def process_batch(inbox: Path, batch_dir: Path, *, batch_id: str, settings: Settings,
                  on_shard: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """The ingest DAG's fan-out in one process: ``plan_batch``, then each shard in turn.

    Shards of ``settings.shard_size`` documents are cleaned and extracted one after the other
    into their own batch files, which ``load_batch`` reads together: memory holds one shard's
    parses and rows at a time, so peak memory stays flat as the inbox grows.

    Args:
        on_shard: called with (shard number from 1, number of shards) before each shard.

    Returns:
        Counts for the run summary: documents read, new (kept after cleaning), unchanged,
        rejected, recleaned (loaded documents cleaned again), articles, boilerplate lines removed.
    """
    plan = plan_batch(inbox, batch_dir, batch_id=batch_id, settings=settings, shard_size=settings.shard_size)
    shards = plan.pop("shards")
    counts = {**plan, "documents_new": 0, "articles": 0, "boilerplate_lines": 0}
    for number, shard in enumerate(shards, 1):
        if on_shard:
            on_shard(number, len(shards))
        done = process_shard(shard, settings=settings)
        for key in ("documents_new", "rejected", "articles", "boilerplate_lines"):
            counts[key] += done[key]
        # A spaCy Doc is a reference cycle, freed only by a full collection, which a process
        # holding a loaded model seldom runs: without this, the RSS after each shard crept up
        # (806, 912, 901, 962, 1034 MB over five shards of 200 documents).
        gc.collect()
    # Documents cleaned again are not new: they were loaded before and keep their first load's time.
    counts["documents_new"] -= plan["recleaned"]
    return counts


def has_new_work(batch_dir: Path | str, settings: Settings) -> bool:
    """Whether a run must go on past the stage: something new, or the published copy is behind.

    A rerun on an unchanged inbox stages nothing new; skipping extract, load, dbt and publish
    then makes the hourly no-op run cost the inbox scan alone. The run still goes on when a
    rejection is new (the warehouse does not record that input with that reason), when the marts
    or the published copy are missing, or when the warehouse holds a batch the published copy
    lacks (a run killed during dbt or publish must be finished by the next one). When the
    warehouse cannot be read (another writer holds it), the run goes on and waits its turn.
    """
    import duckdb

    if read_batch_table(batch_dir, "documents") or batch_table_files(batch_dir, "inputs"):
        return True
    if read_batch_table(batch_dir, "cleared_rejections"):
        return True
    if not settings.warehouse.exists() or not settings.published.exists():
        return True
    if not parquet_is_current(settings):
        return True  # killed between the swap of the copy and the Parquet export
    rejected = {(r["source_uri"], r["reason"]) for r in read_batch_table(batch_dir, "rejected_inputs")}
    try:
        loaded, recorded = _loaded_batches_and_rejections(settings.warehouse)
        published, _ = _loaded_batches_and_rejections(settings.published)
    except duckdb.Error:
        return True
    return loaded is None or not loaded <= (published or set()) or not rejected <= recorded


def _loaded_batches_and_rejections(warehouse: Path) -> tuple[set[str] | None, set[tuple[str, str]]]:
    """Batch ids of ``audit.load_batches`` (None without marts) and recorded rejections."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {f"{s}.{t}" for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables").fetchall()}
        if not {"marts.fct_articles", "audit.load_batches", "audit.rejected_inputs"} <= tables:
            return None, set()
        batches = {b for (b,) in con.execute("select batch_id from audit.load_batches").fetchall()}
        rejected = set(con.execute("select source_uri, reason from audit.rejected_inputs").fetchall())
    return batches, rejected


def _quote_rows(article_id: str, extraction: Extraction, mention_ids: dict[tuple[int, int], str]) -> list[dict]:
    # indexed by offset: a scan of every mention per quote was quadratic in the length of a long text
    mentions = OffsetIndex(list(mention_ids.items()), lambda item: item[0][0], lambda item: item[0][1])
    rows = []
    for quote in extraction.quotes:
        speaker_span = (quote.speaker_start_char, quote.speaker_end_char)
        rows.append({
            **{k: v for k, v in asdict(quote).items() if not k.startswith("speaker_") or k == "speaker_text"},
            "quote_id": f"{article_id}:q{quote.start_char}-{quote.end_char}", "article_id": article_id,
            "speaker_mention_id": _mention_covering(speaker_span, mentions),
        })
    return rows


def _mention_covering(
    span: tuple[int | None, int | None], mentions: OffsetIndex[tuple[tuple[int, int], str]]
) -> str | None:
    """The mention that best overlaps a speaker span (the speaker's name), if any."""
    start, end = span
    if start is None or end is None:
        return None
    overlaps = [
        (min(end, e) - max(start, s), mid) for (s, e), mid in mentions.near(start, end) if s < end and start < e
    ]
    return max(overlaps)[1] if overlaps else None


def _extraction_rows(article_id: str, text: str, extraction: Extraction,
                     at: datetime) -> tuple[list[dict], list[dict], list[dict]]:
    """Quote and mention rows of one article, and the rows quarantined instead of loaded.

    Mentions are checked first, so a speaker is only ever joined to a mention that loads.
    """
    from newsetl.resolve import link_mentions
    from newsetl.validate import check_mention, check_quote, split_valid

    mention_rows = []
    for linked in link_mentions(extraction.mentions, text):
        mention = linked.mention
        mention_rows.append({
            **asdict(mention), "mention_id": f"{article_id}:m{mention.start_char}-{mention.end_char}",
            "article_id": article_id, "name_key": linked.name_key, "article_key": linked.article_key,
            "link_method": linked.link_method,
        })
    mentions, bad_mentions = split_valid(mention_rows, table="mentions", key="mention_id", text=text,
                                         check=check_mention, at=at)
    mention_ids = {(m["start_char"], m["end_char"]): m["mention_id"] for m in mentions}
    quotes, bad_quotes = split_valid(_quote_rows(article_id, extraction, mention_ids), table="quotes",
                                     key="quote_id", text=text, check=check_quote, at=at)
    return list(quotes), list(mentions), bad_mentions + bad_quotes


def _extract_all(articles: Sequence[dict], settings: Settings) -> dict[str, Extraction]:
    """Run the NLP stage per language; languages without a model are marked, not dropped."""
    from newsetl.extract import extract_texts

    by_language: dict[str, list[dict]] = defaultdict(list)
    for article in articles:
        by_language[article["language"]].append(article)
    results: dict[str, Extraction] = {}
    for language, group in by_language.items():
        if language not in settings.extract_languages:
            reason = skip_reason(language, settings.extract_languages)
            results.update({a["article_id"]: Extraction(status="skipped_language", error=reason) for a in group})
            continue
        extractions = extract_texts([a["clean_text"] for a in group], language, batch_size=settings.nlp_batch_size)
        results.update({a["article_id"]: e for a, e in zip(group, extractions, strict=True)})
    return results


def extract_batch(batch_dir: Path | str, articles: list[dict], *, settings: Settings) -> dict[str, int]:
    """Find quotes and mentions in a shard's clean articles; write them and the articles as batch files.

    A document whose extraction fails is marked ``failed`` with the reason; the rest still load.
    """
    results = _extract_all(articles, settings)
    quotes, mentions, quarantined = [], [], []
    for article in articles:
        extraction = results[article["article_id"]]
        article["extraction_status"], article["extraction_error"] = extraction.status, extraction.error
        rows = _extraction_rows(article["article_id"], article["clean_text"], extraction, article["ingested_at"])
        quotes += rows[0]
        mentions += rows[1]
        quarantined += rows[2]
    for row in quarantined:
        log.warning("quarantined %s row %s: %s (%s)", row["table_name"], row["row_id"], row["reason"], row["detail"])
    write_batch_table(batch_dir, "quotes", quotes)
    write_batch_table(batch_dir, "mentions", mentions)
    write_batch_table(batch_dir, "quarantined_rows", quarantined)
    write_batch_table(batch_dir, "articles", articles)
    failed = sum(a["extraction_status"] == "failed" for a in articles)
    return {"articles": len(articles), "quotes": len(quotes), "mentions": len(mentions), "failed": failed,
            "quarantined": len(quarantined)}


# dbt's unit tests check the models' SQL on fixed rows, not the data: they cannot fail between two
# runs of the same code, so the pipeline's build leaves them to `make test`
# (tests/test_pipeline.py runs them on a built warehouse), as dbt advises for production runs.
# At 1,000 documents they were 8 of the build's 242 nodes and 4.2 of its 22.5 s.
# dbt's debug log file (every SQL statement of every node, in logs/dbt.log beside the warehouse) is
# not written: 0.8-1.0 of the 12.6-13.3 CPU s of a build on a 300-document warehouse; the build's
# output, which names a failing node, is still read and shown (newsetl.load.dbt.run_dbt).
DBT_BUILD_ARGS = ("build", "--exclude-resource-type", "unit_test", "--log-level-file", "none")


def build_marts(settings: Settings) -> str:
    """``dbt build`` (models, seeds and their data tests) on the warehouse; returns dbt's output."""
    from newsetl.load import run_dbt
    from newsetl.report import keep_build_results

    output = run_dbt(list(DBT_BUILD_ARGS), warehouse=settings.warehouse, project_dir=settings.dbt_project_dir)
    keep_build_results(settings.dbt_project_dir)
    return output


def generate_docs(settings: Settings) -> str:
    """``dbt docs generate``: the manifest and catalog the docs site reads."""
    from newsetl.load import run_dbt

    return run_dbt(["docs", "generate"], warehouse=settings.warehouse, project_dir=settings.dbt_project_dir)


def parquet_is_current(settings: Settings) -> bool:
    """Whether the Parquet exports were made from the published copy now in place."""
    from newsetl.publish import export_stamp, published_stamp

    return export_stamp(settings.parquet_dir) == published_stamp(settings.published)


def publish(settings: Settings) -> dict[str, str]:
    """Swap in the analysts' read-only copy and the Parquet exports of the marts.

    The exports record which copy they were made from, so a run killed between the two steps
    is finished by the next one (``has_new_work``). Batch folders of published batches are then
    deleted: each holds a copy of every input and no retry needs it any more.
    """
    from newsetl.load import writer_lock
    from newsetl.publish import (
        export_parquet,
        parts_dir,
        publish_copy,
        published_stamp,
        remove_published_batches,
        write_partitions,
    )
    from newsetl.report import BUILD_RESULTS, build_report, report_dir

    with writer_lock(settings.warehouse):
        # Written once, read by the copy's views and linked into the exports.
        parts = write_partitions(settings.warehouse, parts_dir(settings.published))
        copy = publish_copy(settings.warehouse, settings.published, parts=parts)
        exports = export_parquet(settings.warehouse, settings.parquet_dir, stamp=published_stamp(copy), parts=parts)
        remove_published_batches(copy, settings.staging_dir)
    # From the published copy alone: the writer's file is free again for the next run.
    page = build_report(copy, report_dir(copy), settings.dbt_project_dir / "target" / BUILD_RESULTS)
    return {"published": str(copy), "parquet_files": str(len(exports)), "report": str(page)}


def warehouse_summary(warehouse: Path) -> dict[str, object]:
    """What the warehouse holds, for the one-screen summary at the end of a run."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("select count(*) from marts.fct_articles"),
            "quotes": one("select count(*) from marts.fct_quotes"),
            "mentions": one("select count(*) from marts.fct_mentions"),
            "actors": one("select count(*) from marts.dim_actors"),
            "boilerplate_lines_removed": one("select count(*) from audit.boilerplate_removed"),
            "languages": dict(con.execute(
                "select language, count(*) from marts.fct_articles group by 1 order by 2 desc").fetchall()),
            # Articles loaded without quotes and mentions because their language has no model.
            "not_extracted": dict(con.execute(
                "select language, count(*) from marts.fct_articles where extraction_status = 'skipped_language' "
                "group by 1 order by 2 desc, 1").fetchall()),
            "rejected_inputs": dict(con.execute(
                "select reason, count(*) from audit.rejected_inputs group by 1 order by 2 desc").fetchall()),
            # Absent from warehouses loaded before quarantining existed.
            "quarantined_rows": dict(con.execute(
                "select reason, count(*) from audit.quarantined_rows group by 1 order by 2 desc").fetchall())
            if one("select count(*) from information_schema.tables where table_schema = 'audit' "
                   "and table_name = 'quarantined_rows'") else {},
        }
