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
from functools import cache
from os import PathLike
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from newsetl.load.schema import declared_tables

# Batch file -> the table of ``schema.sql`` whose columns it carries: all of them, or those named.
# The files' Parquet schemas come from that one declaration (``batch_schema``).
BATCH_FILE_TABLES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "documents": ("raw.documents", None),
    # Already loaded documents a batch cleans again (new cross-document evidence): the load deletes
    # every row they had before inserting the batch's.
    "recleaned": ("raw.documents", ("document_id",)),
    "articles": ("raw.articles", None),
    "quotes": ("raw.quotes", None),
    "mentions": ("raw.mentions", None),
    "rejected_inputs": ("audit.rejected_inputs", None),
    "quarantined_rows": ("audit.quarantined_rows", None),
    "blocks": ("raw.article_blocks", None),
    "boilerplate_removed": ("audit.boilerplate_removed", None),
    # Fan-out only: a shard's decoded input documents (RawDocument fields, batch id and time) ...
    "inputs": ("raw.documents", None),
    # Earlier rejections this scan found fixed (an unreadable file or folder now readable).
    "cleared_rejections": ("audit.rejected_inputs", ("source_uri", "reason")),
}
# ... and the batch files of no warehouse table: the batch-wide repeated-line evidence for the
# sources in a shard.
OWN_SCHEMAS: dict[str, pa.Schema] = {"repeats": pa.schema([("source_key", pa.string()), ("line", pa.string())])}
SHARD_PREFIX = "shard-"
BatchLocation = str | PathLike[str]


@cache
def batch_schema(name: str) -> pa.Schema:
    """The Parquet schema of batch file ``name``: its table's columns as ``schema.sql`` declares them."""
    if name in OWN_SCHEMAS:
        return OWN_SCHEMAS[name]
    table, columns = BATCH_FILE_TABLES[name]
    schema = declared_tables()[table]
    return schema if columns is None else pa.schema([schema.field(column) for column in columns])


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
    table = pa.Table.from_pylist(list(rows), schema=batch_schema(name))
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
        return pq.read_table(handle, schema=batch_schema(name)).to_pylist()
