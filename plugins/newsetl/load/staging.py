"""Batch files between the pipeline's tasks: one Parquet file per raw table in a batch folder.

Tasks hand each other files, not Python objects, so an Airflow task can run on any worker and be
retried alone; the load task then moves a whole batch into DuckDB in one transaction.

A fanned-out batch keeps the same layout one level down: ``<batch>/shard-0000/articles.parquet``
and so on, one folder per mapped task, written by that task alone (no two writers share a
file). Paths go through fsspec, so the staging folder can be a local path today and an object
store URL (``s3://bucket/staging``) for workers that share no disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

TS = pa.timestamp("us")
BATCH_SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("document_id", pa.string()), ("source_uri", pa.string()), ("source_name", pa.string()),
        ("input_format", pa.string()), ("encoding", pa.string()), ("byte_count", pa.int64()),
        ("url", pa.string()), ("published_at", TS), ("batch_id", pa.string()), ("ingested_at", TS),
        ("title", pa.string()), ("text", pa.string()), ("author", pa.string()),
        ("metadata_source", pa.string()), ("extractor", pa.string()),
        ("external_id", pa.string()),
    ]),
    # Already loaded documents a batch cleans again (new cross-document evidence): the load deletes
    # every row they had before inserting the batch's.
    "recleaned": pa.schema([("document_id", pa.string())]),
    "articles": pa.schema([
        ("article_id", pa.string()), ("document_id", pa.string()), ("source_part", pa.int32()),
        ("title", pa.string()), ("clean_text", pa.string()), ("raw_char_count", pa.int64()),
        ("boilerplate_chars_removed", pa.int64()), ("language", pa.string()),
        ("language_confidence", pa.float64()), ("extraction_status", pa.string()),
        ("extraction_error", pa.string()), ("batch_id", pa.string()), ("ingested_at", TS),
    ]),
    "quotes": pa.schema([
        ("quote_id", pa.string()), ("article_id", pa.string()), ("quote_text", pa.string()),
        ("quote_type", pa.string()), ("speaker_text", pa.string()), ("speaker_mention_id", pa.string()),
        ("cue_verb", pa.string()), ("start_char", pa.int32()), ("end_char", pa.int32()),
        ("sentence_index", pa.int32()), ("attribution_kind", pa.string()), ("extraction_method", pa.string()),
    ]),
    "mentions": pa.schema([
        ("mention_id", pa.string()), ("article_id", pa.string()), ("mention_text", pa.string()),
        ("entity_label", pa.string()), ("actor_type", pa.string()), ("name_key", pa.string()),
        ("article_key", pa.string()), ("link_method", pa.string()), ("start_char", pa.int32()),
        ("end_char", pa.int32()), ("sentence_index", pa.int32()),
    ]),
    "rejected_inputs": pa.schema([
        ("source_uri", pa.string()), ("reason", pa.string()), ("detail", pa.string()),
        ("rejected_at", TS),
    ]),
    "quarantined_rows": pa.schema([
        ("table_name", pa.string()), ("row_id", pa.string()), ("article_id", pa.string()),
        ("reason", pa.string()), ("detail", pa.string()), ("row_json", pa.string()), ("quarantined_at", TS),
    ]),
    "blocks": pa.schema([
        ("article_id", pa.string()), ("block_index", pa.int32()), ("kind", pa.string()),
        ("start_char", pa.int32()), ("end_char", pa.int32()),
    ]),
    "boilerplate_removed": pa.schema([
        ("article_id", pa.string()), ("line_no", pa.int32()), ("text", pa.string()), ("rule", pa.string()),
    ]),
    # Fan-out only: a shard's decoded input documents (RawDocument fields) ...
    "inputs": pa.schema([
        ("document_id", pa.string()), ("source_uri", pa.string()), ("input_format", pa.string()),
        ("encoding", pa.string()), ("byte_count", pa.int64()), ("text", pa.string()),
        ("source_name", pa.string()), ("url", pa.string()), ("title", pa.string()),
        ("published_at", TS), ("author", pa.string()), ("metadata_source", pa.string()),
        ("extractor", pa.string()), ("batch_id", pa.string()), ("ingested_at", TS), ("external_id", pa.string()),
    ]),
    # ... and the batch-wide repeated-line evidence for the sources in the shard.
    "repeats": pa.schema([("source_key", pa.string()), ("line", pa.string())]),
    # Earlier rejections this scan found fixed (an unreadable file or folder now readable).
    "cleared_rejections": pa.schema([("source_uri", pa.string()), ("reason", pa.string())]),
}
SHARD_PREFIX = "shard-"
BatchLocation = str | PathLike[str]


def _filesystem(location: BatchLocation) -> tuple[fsspec.AbstractFileSystem, str]:
    """The filesystem and bare path of a local path or an fsspec URL."""
    return fsspec.core.url_to_fs(str(location))


def _located(fs: fsspec.AbstractFileSystem, path: str) -> Path | str:
    """A local ``Path`` (what callers have always had), or the full URL of a remote file."""
    return Path(path) if isinstance(fs, LocalFileSystem) else fs.unstrip_protocol(path)


def shard_path(batch_dir: BatchLocation, number: int) -> Path | str:
    """The folder of shard ``number`` inside a batch folder."""
    fs, root = _filesystem(batch_dir)
    return _located(fs, f"{root.rstrip('/')}/{SHARD_PREFIX}{number:04d}")


def batch_table_files(batch_dir: BatchLocation, name: str) -> list[Path | str]:
    """Every file of one batch table: the batch folder's own, then each shard's, in shard order."""
    fs, root = _filesystem(batch_dir)
    root = root.rstrip("/")
    paths = [f"{root}/{name}.parquet"] if fs.exists(f"{root}/{name}.parquet") else []
    paths += sorted(fs.glob(f"{root}/{SHARD_PREFIX}*/{name}.parquet"))
    return [_located(fs, path) for path in paths]


def write_batch_table(batch_dir: BatchLocation, name: str, rows: Iterable[Mapping[str, Any]]) -> Path | str:
    """Write rows as ``<batch_dir>/<name>.parquet``; a rerun overwrites, never appends.

    The file is written under a ``.partial`` name and then renamed, so a reader never sees half
    a file (atomic on a local disk; on an object store the rename is a copy, and the upload of
    the partial object is itself all-or-nothing).
    """
    fs, root = _filesystem(batch_dir)
    root = root.rstrip("/")
    fs.makedirs(root, exist_ok=True)
    table = pa.Table.from_pylist(list(rows), schema=BATCH_SCHEMAS[name])
    path = f"{root}/{name}.parquet"
    partial = f"{path}.partial"
    with fs.open(partial, "wb") as handle:
        pq.write_table(table, handle)
    fs.mv(partial, path)
    return _located(fs, path)


def read_batch_table(batch_dir: BatchLocation, name: str) -> list[dict[str, Any]]:
    """Rows of one batch table; an absent file (a stage that found nothing) reads as no rows."""
    fs, root = _filesystem(batch_dir)
    path = f"{root.rstrip('/')}/{name}.parquet"
    if not fs.exists(path):
        return []
    with fs.open(path, "rb") as handle:
        return pq.read_table(handle, schema=BATCH_SCHEMAS[name]).to_pylist()
