"""Load stage: batch files and the DuckDB warehouse's raw and audit tables."""

from newsetl.load.dbt import DbtError, DbtTestError, mart_differences, run_dbt
from newsetl.load.staging import batch_table_files, read_batch_table, shard_path, write_batch_table
from newsetl.load.warehouse import WriterBusyError, known_documents, load_batch, loaded_documents, writer_lock

__all__ = ["DbtError", "DbtTestError", "WriterBusyError", "batch_table_files", "known_documents", "load_batch",
           "loaded_documents", "mart_differences", "read_batch_table", "run_dbt", "shard_path",
           "write_batch_table", "writer_lock"]
