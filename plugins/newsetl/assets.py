"""Names of the data assets the DAGs produce and consume (plain strings: no Airflow import).

The ingest DAG updates ``RAW_TABLES`` when a batch lands in the warehouse's raw tables; the
warehouse DAG is scheduled on it and updates ``MARTS`` after dbt and ``PUBLISHED`` after the
analysts' copy is swapped in.
"""

RAW_TABLES = "newsetl://warehouse/raw"
MARTS = "newsetl://warehouse/marts"
PUBLISHED = "newsetl://published/warehouse"
# Airflow pool through which every task that writes the DuckDB file runs: one slot, one writer.
WRITER_POOL = "duckdb_writer"
