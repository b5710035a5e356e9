"""Compare warehouses by content: what two runs loaded, ignoring when and in which batch.

Two runs over the same inbox differ only in timestamps and batch ids; everything else in the
raw, audit and mart tables must be equal, row for row.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

SCHEMAS = ("raw", "audit", "marts")
# Columns that say when or in which batch a row was written, not what it holds (the times of
# statements and stories fall back on ingested_at for undated inputs).
VOLATILE = frozenset({"ingested_at", "rejected_at", "batch_id", "started_at", "finished_at", "first_seen_at",
                      "last_seen_at", "first_published_at", "last_published_at"})
# Per-batch bookkeeping: a killed run and its rerun make more batches than one clean run.
PER_BATCH_TABLES = frozenset({"audit.load_batches"})

State = dict[str, list[tuple]]


def _tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[str]:
    rows = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_catalog = current_database() and table_type = 'BASE TABLE' "
        f"and table_schema in ({', '.join('?' for _ in schemas)}) order by 1", list(schemas)).fetchall()
    return [name for (name,) in rows if name not in PER_BATCH_TABLES]


def _content(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    schema, name = table.split(".")
    columns = [c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_catalog = current_database() "
        "and table_schema = ? and table_name = ? order by ordinal_position", [schema, name]).fetchall()
        if c not in VOLATILE]
    selected = ", ".join(f'"{column}"' for column in columns)
    rows = con.execute(f"select {selected} from {table}").fetchall()
    return sorted(rows, key=repr)


def content(warehouse: Path, schemas: tuple[str, ...] = SCHEMAS) -> State:
    """Every base table of ``schemas`` as sorted rows without the volatile columns."""
    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {table: _content(con, table) for table in _tables(con, schemas)}


def row_counts(state: State) -> dict[str, int]:
    return {table: len(rows) for table, rows in state.items()}


def open_read_only(path: Path, *, timeout_s: float = 60.0) -> duckdb.DuckDBPyConnection:
    """A read-only connection, waiting while a writer process holds the file."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.IOException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
