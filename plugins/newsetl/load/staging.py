"""Batch files between the pipeline's tasks: one Parquet file per raw table in a batch folder.

Tasks hand each other files, not Python objects, so an Airflow task can run on any worker and be
retried alone; the load task then moves a whole batch into DuckDB in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

TS = pa.timestamp("us")
BATCH_SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("document_id", pa.string()), ("source_uri", pa.string()), ("source_name", pa.string()),
        ("input_format", pa.string()), ("encoding", pa.string()), ("byte_count", pa.int64()),
        ("url", pa.string()), ("published_at", TS), ("batch_id", pa.string()), ("ingested_at", TS),
    ]),
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
        ("sentence_index", pa.int32()),
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
    "boilerplate_removed": pa.schema([
        ("article_id", pa.string()), ("line_no", pa.int32()), ("text", pa.string()), ("rule", pa.string()),
    ]),
}


def write_batch_table(batch_dir: Path, name: str, rows: Iterable[Mapping[str, Any]]) -> Path:
    """Write rows as ``<batch_dir>/<name>.parquet`` atomically (a rerun overwrites, never appends)."""
    batch_dir.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(list(rows), schema=BATCH_SCHEMAS[name])
    path = batch_dir / f"{name}.parquet"
    partial = path.with_suffix(".parquet.partial")
    pq.write_table(table, partial)
    partial.replace(path)
    return path


def read_batch_table(batch_dir: Path, name: str) -> list[dict[str, Any]]:
    """Rows of one batch table; an absent file (a stage that found nothing) reads as no rows."""
    path = batch_dir / f"{name}.parquet"
    if not path.exists():
        return []
    return pq.read_table(path, schema=BATCH_SCHEMAS[name]).to_pylist()
