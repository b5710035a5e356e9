"""Publish what analysts read: a read-only copy of the warehouse and Parquet exports of the marts.

The copy is written beside its final place and swapped in with an atomic rename, so an analyst
who has the published file open keeps reading the old state and the next open sees the new one;
a half-built warehouse is never visible. The copy is written in the storage format of DuckDB 1.5
so that the DuckDB CLI, Harlequin and older Python clients can open it.
"""

from __future__ import annotations

import hashlib
import json
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
# Beside the published copy: the Parquet files its views read (``write_partitions``).
PARTS_FOLDER = "parts"
# Tables whose months are split further by the hash of a column that the rows an hourly run
# rewrites across the archive share: a batch that moves one actor's canonical name re-scores its
# mentions in every month, and with whole months it rewrote all of fct_mentions.
BUCKET_COLUMNS = {"marts.fct_mentions": "actor_id"}
# A bucketed table gets one bucket per this many rows (a power of two, at most MAX_BUCKETS), so a
# small warehouse keeps one file a month.
ROWS_PER_BUCKET = 500_000
MAX_BUCKETS = 16


def publish_copy(warehouse: Path, published: Path, *, parts: dict[str, dict[str, Path]] | None = None) -> Path:
    """Publish the analyst-facing schemas of ``warehouse`` as ``published`` and swap it in atomically.

    The tables' rows live in month-partitioned Parquet files in ``store`` (``write_partitions``:
    only partitions whose content changed are written); the published file holds a view per table
    over its exact list of files, so it stays small, is rewritten whole in a moment, and a copy in
    place never sees files of a later publish. The files of the previous copy are kept (an analyst
    may still have it open); older ones are deleted.

    Args:
        parts: what ``write_partitions(warehouse, parts_dir(published))`` returned, when the
            caller already wrote them (the exports link the same files).
    """
    import duckdb

    store = parts_dir(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_partials(published)
    if parts is None:
        parts = write_partitions(warehouse, store)
    partial = published.with_name(f".{published.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    with duckdb.connect() as con:
        con.execute(f"attach {sql_string(partial.as_posix())} as published "
                    f"(storage_version {sql_string(PUBLISHED_STORAGE_VERSION)})")
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema published.{schema}")
        for table, files in parts.items():
            listed = ", ".join(sql_string(path.as_posix()) for path in files.values())
            con.execute(f"create view published.{table} as select * from read_parquet([{listed}])")
        con.execute("detach published")
    _add_bare_name_views(partial)
    # Read-only on disk: an analyst's tool that opens it read-write would lock out the others
    # until the next publish; this way it can only open it read-only.
    partial.chmod(READ_ONLY_MODE)
    partial.replace(published)
    _forget_old_partitions(store, parts)
    return published


def parts_dir(published: Path) -> Path:
    """Where the Parquet files behind the published copy's views live."""
    return published.parent / PARTS_FOLDER


def write_partitions(warehouse: Path, store: Path) -> dict[str, dict[str, Path]]:
    """The rows of every published table as Parquet files in ``store``, one per month.

    Each file is named by a digest of its rows (a sum of row hashes, with the table's columns),
    so a partition whose rows did not change keeps its file and is not written again: an hourly
    batch writes its own month and the partitions whose rows it changed. The digests still read
    every row (hashing is cheap next to writing Parquet). A table of ``BUCKET_COLUMNS`` past
    ``ROWS_PER_BUCKET`` rows splits each month by the hash of that column (partition
    ``YYYY-MM.bN``, N from 0; exported as ``published_month=YYYY-MM/data_N.parquet``).
    Returns ``{schema.table: {partition: file}}``; a table with no rows has one empty file
    under the partition ``""``.
    """
    import duckdb

    layout: dict[str, dict[str, Path]] = {}
    # the bound dbt builds under (profiles.yml), for the same shared host
    limit = {"memory_limit": os.environ.get("NEWSETL_DUCKDB_MEMORY_LIMIT", "80%")}
    with duckdb.connect(str(warehouse), read_only=True, config=limit) as con:
        article_dates = con.execute(
            "select count(*) from information_schema.columns where table_catalog = current_database() "
            "and table_schema = 'marts' and table_name = 'fct_articles' and column_name = 'published_at'"
        ).fetchone()[0] > 0
        for schema in PUBLISHED_SCHEMAS:
            tables = con.execute(
                "select table_name from information_schema.tables where table_catalog = current_database() "
                "and table_schema = ? and table_type = 'BASE TABLE' order by 1", [schema]).fetchall()
            for (table,) in tables:
                name = f"{schema}.{table}"
                columns = con.execute(
                    "select column_name, data_type from information_schema.columns where table_catalog = "
                    "current_database() and table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table]).fetchall()
                rows, month = _rows_and_month(name, {c for c, _ in columns}, article_dates=article_dates)
                month = _bucketed(con, name, month)
                signature = repr(columns)
                digests = con.execute(
                    f"select {month} as month, count(*), sum(hash(t)) from {rows} group by all").fetchall()
                folder = store / name
                folder.mkdir(parents=True, exist_ok=True)
                files: dict[str, Path] = {}
                for part, count, total in digests or [("all" if month == "'all'" else "", 0, 0)]:
                    digest = hashlib.md5(f"{signature}|{part}|{count}|{total}".encode()).hexdigest()[:16]
                    files[part] = folder / f"{part or 'empty'}-{digest}.parquet"
                _write_missing(con, rows, month, {part: path for part, path in files.items() if not path.exists()})
                layout[name] = files
    return layout


def _rows_and_month(table: str, columns: set[str], *, article_dates: bool) -> tuple[str, str]:
    """The FROM clause (rows aliased ``t``) and month expression that partition ``table``.

    By the article's publication month when the rows carry it (or an article_id), else by the
    first date the row itself carries; one partition (``'all'``) when it carries none.
    """
    for column in ("published_at", "first_seen_at", "first_published_at"):
        if column in columns:
            return f"{table} as t", f"coalesce(strftime(t.{column}, '%Y-%m'), 'unknown')"
    if "article_id" in columns and article_dates:
        return (f"{table} as t left join (select article_id, published_at from marts.fct_articles) "
                f"as a using (article_id)", "coalesce(strftime(a.published_at, '%Y-%m'), 'unknown')")
    return f"{table} as t", "'all'"


def _write_missing(con: object, rows: str, month: str, missing: dict[str, Path]) -> None:
    """Write the partitions ``missing`` (partition: file) of one table in a single scan.

    One COPY partitioned by the partition expression writes them all (a scan per partition read
    the whole table again for each: 16 buckets of a month were 16 scans); each file is then
    renamed to its digest name. os.replace: a file complete under its final name, or absent.
    """
    if not missing:
        return
    scratch = next(iter(missing.values())).parent / f".partial-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    wanted = ", ".join(sql_string(part) for part in missing)
    con.execute(f"copy (select t.*, {month} as newsetl_part from {rows} where {month} in ({wanted})) "
                f"to {sql_string(scratch.as_posix())} (format parquet, partition_by (newsetl_part))")
    for part, path in missing.items():
        written = sorted((scratch / f"newsetl_part={part}").glob("*.parquet"))
        if len(written) != 1:  # no rows (an empty table), or a partition the COPY split: one query
            written = [scratch / f"{part or 'empty'}.parquet"]
            where = f"where {month} = {sql_string(part)}" if part else "limit 0"
            con.execute(f"copy (select t.* from {rows} {where}) to {sql_string(written[0].as_posix())} "
                        "(format parquet)")
        os.replace(written[0], path)
    shutil.rmtree(scratch, ignore_errors=True)


def _bucketed(con: object, table: str, month: str) -> str:
    """``month``, or ``month || '.b' || bucket`` for a large table of ``BUCKET_COLUMNS``."""
    column = BUCKET_COLUMNS.get(table)
    if column is None:
        return month
    rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    buckets = 1
    while buckets < MAX_BUCKETS and rows >= 2 * buckets * ROWS_PER_BUCKET:
        buckets *= 2
    if buckets == 1:
        return month
    return f"{month} || '.b' || cast(hash(t.{column}) % {buckets} as varchar)"


def _forget_old_partitions(store: Path, parts: dict[str, dict[str, Path]]) -> None:
    """Delete the files neither the new copy nor the one before it reads."""
    current = sorted(str(path) for files in parts.values() for path in files.values())
    manifest, previous_manifest = store / "_current.json", store / "_previous.json"
    previous = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else []
    keep = set(current) | set(previous)
    previous_manifest.write_text(json.dumps(previous), encoding="utf-8")
    manifest.write_text(json.dumps(current), encoding="utf-8")
    for path in store.glob("*/*.parquet"):
        if str(path) not in keep:
            path.unlink(missing_ok=True)


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


def export_parquet(warehouse: Path, parquet_dir: Path, *, stamp: str | None = None,
                   parts: dict[str, dict[str, Path]] | None = None) -> list[Path]:
    """Export each mart as Parquet, partitioned by the article's publication month.

    The files are the published copy's own partitions (``parts``, else ``write_partitions``
    into ``parts`` beside ``parquet_dir``), hard-linked (copied where the file system cannot
    link) into ``<mart>/published_month=YYYY-MM/data_0.parquet``; a mart without dates is one
    ``<mart>.parquet``. The folder of links is built beside the old one and swapped in, so
    readers never see a half-written export, and no row is written twice.

    Args:
        stamp: the ``published_stamp`` of the copy these exports match, kept in ``STAMP_FILE``.
    """
    staging = parquet_dir.with_name(parquet_dir.name + ".partial")
    old = parquet_dir.with_name(parquet_dir.name + ".old")
    if old.exists() and not parquet_dir.exists():  # killed between the two renames below
        old.replace(parquet_dir)
    if parts is None:
        parts = write_partitions(warehouse, parquet_dir.parent / PARTS_FOLDER)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, files in parts.items():
        schema, table = name.split(".")
        if schema != "marts":
            continue
        for part, path in files.items():
            month, _, bucket = part.partition(".b")
            if month == "all":
                _link(path, staging / f"{table}.parquet")
            elif month:  # a partitioned mart with no rows has no partition
                _link(path, staging / table / f"published_month={month}" / f"data_{bucket or 0}.parquet")
    if stamp is not None:
        (staging / STAMP_FILE).write_text(stamp + "\n", encoding="utf-8")
    shutil.rmtree(old, ignore_errors=True)
    if parquet_dir.exists():
        parquet_dir.replace(old)
    staging.replace(parquet_dir)
    shutil.rmtree(old, ignore_errors=True)
    return sorted(p for p in parquet_dir.iterdir() if p.name != STAMP_FILE)


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


