"""One declaration of the raw and audit tables (``newsetl/load/schema.sql``): the batch files take
their columns from it, and the dbt sources and the typed records must agree with it."""

from __future__ import annotations

import dataclasses
import typing
from datetime import datetime

import pyarrow as pa
import yaml

from newsetl import records
from newsetl.load.schema import declared_tables
from newsetl.load.staging import BATCH_FILE_TABLES, batch_schema, read_batch_table, write_batch_table
from tests.conftest import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "dbt_project" / "models" / "staging" / "_newsetl__sources.yml"
# record -> (its table, the fields the table does not store)
RECORD_TABLES = {
    records.RawDocument: ("raw.documents", set()),
    records.Quote: ("raw.quotes", {"speaker_start_char", "speaker_end_char"}),  # kept as speaker_mention_id
    records.Mention: ("raw.mentions", set()),
    records.Block: ("raw.article_blocks", set()),
    records.RemovedLine: ("audit.boilerplate_removed", set()),
    records.Rejection: ("audit.rejected_inputs", set()),
}
ARROW_TYPES = {str: (pa.string(),), int: (pa.int32(), pa.int64()), float: (pa.float64(),),
               datetime: (pa.timestamp("us"),)}


def test_the_dbt_sources_declare_every_table_and_column_of_schema_sql() -> None:
    sources = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))["sources"]
    in_dbt = {f"{source['schema']}.{table['name']}": {column["name"] for column in table.get("columns", [])}
              for source in sources for table in source["tables"]}
    declared = {name: set(schema.names) for name, schema in declared_tables().items()}
    assert in_dbt == declared


def test_batch_files_carry_the_declared_columns_and_types() -> None:
    tables = declared_tables()
    assert tables["raw.quotes"].field("start_char").type == pa.int32()
    assert tables["raw.documents"].field("ingested_at").type == pa.timestamp("us")
    for name, (table, columns) in BATCH_FILE_TABLES.items():
        schema = batch_schema(name)
        assert schema.names == (list(columns) if columns else tables[table].names)
        assert all(tables[table].field(field.name).type == field.type for field in schema)


def test_a_batch_file_round_trips_through_the_declared_schema(tmp_path) -> None:
    row = {"article_id": "a:0", "block_index": 2, "kind": "paragraph", "start_char": 0, "end_char": 9}
    write_batch_table(tmp_path, "blocks", [row])
    assert read_batch_table(tmp_path, "blocks") == [row]


def test_the_records_fields_are_columns_of_their_tables_with_the_same_types() -> None:
    tables = declared_tables()
    for record, (table, unstored) in RECORD_TABLES.items():
        hints = typing.get_type_hints(record)
        for field in dataclasses.fields(record):
            if field.name in unstored:
                continue
            column = tables[table].field(field.name)  # KeyError: a field the table lacks
            python = next(t for t in typing.get_args(hints[field.name]) or (hints[field.name],) if t is not type(None))
            assert column.type in ARROW_TYPES[python], (record.__name__, field.name, column.type)
