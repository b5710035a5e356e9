"""The raw and audit tables, declared once: ``schema.sql`` beside this module.

The load runs that file on the warehouse before every batch. The batch files' Parquet schemas
are read from it too: an in-memory DuckDB runs the same file and gives each table's columns as
Arrow types (``declared_tables``), so a column added to ``schema.sql`` is in the batch files with
no second list to edit. The dbt sources (``models/staging/_newsetl__sources.yml``) and the typed
records the stages pass (``newsetl.records``) are checked against it by ``tests/load/test_schema.py``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


@lru_cache(maxsize=1)
def declared_tables() -> dict[str, pa.Schema]:
    """``schema.table`` -> its columns as an Arrow schema, in declaration order (with the columns
    the file adds by ``alter table`` last, as in a warehouse it creates)."""
    import duckdb

    with duckdb.connect() as con:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        names = [name for (name,) in con.execute(
            "select schema_name || '.' || table_name from duckdb_tables() order by 1").fetchall()]
        return {name: con.sql(f"select * from {name} limit 0").to_arrow_table().schema for name in names}
