"""Publish what analysts read: a read-only copy of the warehouse and Parquet exports of the marts.

The copy is written beside its final place and swapped in with an atomic rename, so an analyst
who has the published file open keeps reading the old state and the next open sees the new one;
a half-built warehouse is never visible. The copy is written in the storage format of DuckDB 1.5
so that the DuckDB CLI, Harlequin and older Python clients can open it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# Oldest storage format the analysts' tools read (DuckDB CLI 1.5 cannot open 2.0 files).
PUBLISHED_STORAGE_VERSION = "v1.5.0"
PUBLISHED_SCHEMAS = ("marts", "audit")
READ_ONLY_MODE = 0o444
# Beside the Parquet exports: which published copy they were made from (``published_stamp``).
STAMP_FILE = "_published_from"


def publish_copy(warehouse: Path, published: Path) -> Path:
    """Copy the analyst-facing schemas of ``warehouse`` to ``published`` and swap it in atomically."""
    import duckdb

    published.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_partials(published)
    partial = published.with_name(f".{published.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    with duckdb.connect() as con:
        # ATTACH takes no bound parameters: the paths are quoted instead (a "'" in a folder
        # name made the statement fail at publish).
        con.execute(f"attach {sql_string(warehouse.as_posix())} as warehouse (read_only)")
        con.execute(f"attach {sql_string(partial.as_posix())} as published "
                    f"(storage_version {sql_string(PUBLISHED_STORAGE_VERSION)})")
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema published.{schema}")
            tables = con.execute(
                "select table_name from information_schema.tables where table_catalog = 'warehouse' "
                "and table_schema = ? and table_type = 'BASE TABLE' order by 1", [schema]).fetchall()
            for (table,) in tables:
                con.execute(f"create table published.{schema}.{table} as select * from warehouse.{schema}.{table}")
        con.execute("detach published")
    _add_bare_name_views(partial)
    # Read-only on disk: an analyst's tool that opens it read-write would lock out the others
    # until the next publish; this way it can only open it read-only.
    partial.chmod(READ_ONLY_MODE)
    partial.replace(published)
    return published


def _add_bare_name_views(copy: Path) -> None:
    """Views in the default schema, so ``select * from fct_quotes`` works without ``marts.``.

    In the file itself (not a client's setting), so the DuckDB CLI, Harlequin and Python's
    duckdb all resolve the bare names; the tables stay in ``marts`` as the contract says.
    """
    import duckdb

    with duckdb.connect(str(copy)) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        for table in tables:
            con.execute(f"create or replace view main.{table} as select * from marts.{table}")


def open_command(published: Path) -> str:
    """The exact shell command that opens a published copy in the DuckDB CLI (read-only)."""
    return f"{Path(sys.executable).with_name('duckdb')} -readonly {published}"


def sql_string(value: str) -> str:
    """``value`` as a SQL string literal, for the statements that take no bound parameters."""
    return "'" + value.replace("'", "''") + "'"


def published_stamp(published: Path) -> str | None:
    """Identity of the published file now in place (a new file per swap), None when absent."""
    try:
        info = published.stat()
    except FileNotFoundError:
        return None
    return f"{info.st_ino}:{info.st_mtime_ns}:{info.st_size}"


def export_stamp(parquet_dir: Path) -> str | None:
    """The ``published_stamp`` the Parquet exports were made for, None when there are none."""
    try:
        return (parquet_dir / STAMP_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def remove_published_batches(published: Path, staging_dir: Path) -> list[Path]:
    """Delete the batch folders of batches the published copy holds; returns what was deleted."""
    import duckdb

    if not staging_dir.is_dir():
        return []
    with duckdb.connect(str(published), read_only=True) as con:
        batches = {b for (b,) in con.execute("select batch_id from audit.load_batches").fetchall()}
    removed = [folder for folder in staging_dir.iterdir() if folder.is_dir() and folder.name in batches]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def _remove_dead_partials(published: Path) -> None:
    """Delete half-written copies (and their WAL) left by publishers that were killed.

    A run killed while copying leaves ``.warehouse.duckdb.<pid>.partial``: never visible to
    analysts, but it would pile up beside the published file, one per crash.
    """
    for partial in published.parent.glob(f".{published.name}.*.partial*"):
        pid = partial.name.removeprefix(f".{published.name}.").split(".")[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            partial.unlink(missing_ok=True)


def export_parquet(warehouse: Path, parquet_dir: Path, *, stamp: str | None = None) -> list[Path]:
    """Export each mart as Parquet, partitioned by the article's publication month.

    Tables without a publication date (``dim_actors``) are one file. The folder is rebuilt beside
    the old one and swapped in, so readers never see a half-written export.

    Args:
        stamp: the ``published_stamp`` of the copy these exports match, kept in ``STAMP_FILE``.
    """
    import duckdb

    staging = parquet_dir.with_name(parquet_dir.name + ".partial")
    old = parquet_dir.with_name(parquet_dir.name + ".old")
    if old.exists() and not parquet_dir.exists():  # killed between the two renames below
        old.replace(parquet_dir)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = current_database() and table_schema = 'marts' order by 1").fetchall()]
        for table in tables:
            columns = {c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = 'marts' "
                "and table_name = ?", [table]).fetchall()}
            con.execute(_export_sql(table, columns, staging))
    if stamp is not None:
        (staging / STAMP_FILE).write_text(stamp + "\n", encoding="utf-8")
    shutil.rmtree(old, ignore_errors=True)
    if parquet_dir.exists():
        parquet_dir.replace(old)
    staging.replace(parquet_dir)
    shutil.rmtree(old, ignore_errors=True)
    return sorted(p for p in parquet_dir.iterdir() if p.name != STAMP_FILE)


def _export_sql(table: str, columns: set[str], folder: Path) -> str:
    """COPY statement for one mart: by publication month when the rows carry an article date."""
    target = (folder / table).as_posix()
    if "published_at" in columns:
        month = "coalesce(strftime(published_at, '%Y-%m'), 'unknown')"
        return (f"copy (select *, {month} as published_month from marts.{table}) "
                f"to {sql_string(target)} (format parquet, partition_by (published_month))")
    if "article_id" in columns:
        month = "coalesce(strftime(a.published_at, '%Y-%m'), 'unknown')"
        return (f"copy (select t.*, {month} as published_month from marts.{table} t "
                f"left join marts.fct_articles a using (article_id)) "
                f"to {sql_string(target)} (format parquet, partition_by (published_month))")
    return f"copy marts.{table} to {sql_string(target + '.parquet')} (format parquet)"
