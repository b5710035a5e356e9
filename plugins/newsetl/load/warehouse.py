"""Write batches into the DuckDB warehouse: one writer at a time, one transaction per batch.

DuckDB lets one process hold a file for writing. Airflow serialises its writers with a pool of
one slot; the command-line path (and anything else) takes the file lock below as well, so two
runs never interleave and a killed run leaves the last committed state behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from newsetl.load.schema import SCHEMA_SQL

if TYPE_CHECKING:
    import duckdb

# Batch files the load inserts, in this order, and the key column whose rows a reload replaces
# (each file's table: ``staging.BATCH_FILE_TABLES``).
BATCH_TABLES = (
    ("documents", "document_id"),
    ("articles", "article_id"),
    ("quotes", "article_id"),
    ("mentions", "article_id"),
    ("boilerplate_removed", "article_id"),
    ("quarantined_rows", "article_id"),
    ("blocks", "article_id"),
    ("rejected_inputs", "source_uri"),
)


# Locks this process holds, by lock file: [depth, file descriptor]. A step that locks inside a
# run holding the lock (the CLI locks the whole run) must not wait for itself.
_HELD: dict[Path, list[int]] = {}


class WriterBusyError(TimeoutError):
    """Another writer kept the warehouse's lock for the whole wait: a clear message, no traceback."""


def _lock_file(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock").resolve()


def held_lock_fd(warehouse: Path) -> int | None:
    """The descriptor of the writer lock this process holds on ``warehouse``, if it holds it.

    A child given this descriptor (``pass_fds``) shares the lock: it stays held while the child
    runs, even if this process is killed first.
    """
    held = _HELD.get(_lock_file(warehouse))
    return held[1] if held else None


def _holder(handle: IO[str]) -> str:
    """Who holds the lock, as its holder wrote it ("pid 123 since ..."), for the busy message."""
    handle.seek(0)
    return handle.read().strip() or "an unknown process"


@contextmanager
def writer_lock(warehouse: Path, *, timeout_s: float | None = None) -> Iterator[None]:
    """Hold the warehouse's writer lock (a ``.lock`` file beside it) for the block; re-entrant.

    Args:
        timeout_s: how long to wait for another writer (default: ``Settings.lock_wait_s``).

    Raises:
        WriterBusyError: when another writer held the lock for the whole wait.
    """
    from newsetl.settings import get_settings

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_file = _lock_file(warehouse)
    if _HELD.get(lock_file):
        _HELD[lock_file][0] += 1
        try:
            yield
        finally:
            _HELD[lock_file][0] -= 1
        return
    wait_s = get_settings().lock_wait_s if timeout_s is None else timeout_s
    deadline = time.monotonic() + wait_s
    # "a+", not "w": opening must not wipe the holder's note before the lock is ours.
    with open(lock_file, "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WriterBusyError(
                        f"another writer ({_holder(handle)}) held {warehouse} for the whole {wait_s:.0f} s "
                        f"wait; nothing was written. Run again when it has finished "
                        f"(NEWSETL_LOCK_WAIT_S sets the wait)") from None
                time.sleep(0.2)
        handle.truncate(0)
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
        handle.flush()
        _HELD[lock_file] = [1, handle.fileno()]
        try:
            yield
        finally:
            del _HELD[lock_file]
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_lock_conflict(message: str) -> bool:
    """DuckDB's refusal to open a file another process holds (a reader blocks a writer too)."""
    return "Could not set lock on file" in message


def connect_writable(warehouse: Path, *, timeout_s: float = 120.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing, waiting while another process has it open read-only.

    The writer lock keeps writers apart, but DuckDB also refuses a writer while any process
    reads the file: a concurrent run's stage step looking up known documents, or its summary,
    made the other run's load fail at once ("Could not set lock on file"). Such reads last
    milliseconds, so the writer retries instead of failing.
    """
    import duckdb

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return duckdb.connect(str(warehouse))
        except duckdb.IOException as error:
            if not is_lock_conflict(str(error)) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def known_documents(warehouse: Path) -> dict[str, str]:
    """``document_id -> source_uri`` of every document already loaded (empty for a new file)."""
    import duckdb

    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if not con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'documents'"
        ).fetchone()[0]:
            return {}
        return dict(con.execute("select document_id, source_uri from raw.documents").fetchall())


def loaded_documents(warehouse: Path) -> list[dict]:
    """Every loaded document whose text the warehouse holds, as ``raw.documents`` rows."""
    import duckdb

    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = {c for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' "
            "and table_name = 'documents'").fetchall()}
        if "text" not in columns:
            return []
        cursor = con.execute("select * from raw.documents where text is not null order by document_id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _delete_recleaned(con: duckdb.DuckDBPyConnection, files: list[Path | str]) -> None:
    """Drop every row of the documents a batch cleans again, before the batch's rows go in.

    Their articles may now be fewer or differently cut, so replacing rows by key would leave the
    old parts behind.
    """
    source = f"(select document_id from {_parquet_source(files)})"
    for table in ("raw.quotes", "raw.mentions", "audit.boilerplate_removed", "raw.article_blocks",
                  "audit.quarantined_rows"):
        con.execute(f"delete from {table} where article_id in "
                    f"(select article_id from raw.articles where document_id in {source})")
    for table in ("raw.articles", "raw.documents"):
        con.execute(f"delete from {table} where document_id in {source}")


def _parquet_source(files: list[Path | str]) -> str:
    """A ``read_parquet`` over several files (a batch's own and its shards'), quoted for SQL."""
    quoted = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    return f"read_parquet([{quoted}])"


def load_batch(batch_dir: Path | str, warehouse: Path, *, batch_id: str, started_at: datetime) -> dict[str, int]:
    """Move a batch's Parquet files into the raw and audit tables in one transaction.

    A fanned-out batch has its files in shard folders (``<batch>/shard-NNNN/``): all of them go
    in together, in this one transaction, so DuckDB keeps a single writer however many workers
    cleaned and parsed the shards. Rows are replaced by key, so loading the same batch twice
    (an Airflow retry) changes nothing.

    Returns:
        Rows loaded per batch table.
    """
    import fsspec

    from newsetl.load.staging import BATCH_FILE_TABLES, batch_table_files
    from newsetl.settings import get_settings
    from newsetl.similar import index_articles, index_quotes

    counts: dict[str, int] = {}
    with writer_lock(warehouse), connect_writable(warehouse) as con:
        fs, _ = fsspec.core.url_to_fs(str(batch_dir))
        if "file" not in fs.protocol:
            con.register_filesystem(fs)  # shards on an object store are read through fsspec
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        con.execute("begin transaction")
        recleaned = batch_table_files(batch_dir, "recleaned")
        if recleaned:
            _delete_recleaned(con, recleaned)
        for name, key in BATCH_TABLES:
            table = BATCH_FILE_TABLES[name][0]
            files = batch_table_files(batch_dir, name)
            if not files:
                continue
            source = _parquet_source(files)
            con.execute(f"delete from {table} where {key} in (select {key} from {source})")
            # DuckDB answers an insert with the number of rows it inserted: no third read.
            counts[name] = con.execute(f"insert into {table} by name select * from {source}").fetchone()[0]
        # Signatures for duplicate detection and the statement clusters, in the same transaction:
        # the archive is visible here, and a killed load leaves neither the rows nor their index.
        counts["article_signatures"] = index_articles(con, batch_id)
        counts["quotes_clustered"] = index_quotes(con, get_settings())
        _clear_fixed_rejections(con, batch_dir)
        _record_batch(con, batch_id, started_at, counts)
        con.execute("commit")
    return counts


def _clear_fixed_rejections(con: duckdb.DuckDBPyConnection, batch_dir: Path | str) -> None:
    """Delete the rejections the batch's inbox scan found fixed (``cleared_rejections``)."""
    from newsetl.load.staging import batch_table_files

    files = batch_table_files(batch_dir, "cleared_rejections")
    if files:
        con.execute(f"delete from audit.rejected_inputs r using {_parquet_source(files)} c "
                    f"where r.source_uri = c.source_uri and r.reason = c.reason")


def _record_batch(con, batch_id: str, started_at: datetime, counts: dict[str, int]) -> None:
    con.execute("delete from audit.load_batches where batch_id = ?", [batch_id])
    con.execute(
        "insert into audit.load_batches values (?, ?, ?, ?, ?, ?, now()::timestamp)",
        [batch_id, counts.get("documents", 0) + counts.get("rejected_inputs", 0),
         counts.get("documents", 0), counts.get("articles", 0), counts.get("rejected_inputs", 0), started_at],
    )
