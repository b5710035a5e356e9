"""newsetl: a news-text warehouse library.

One subpackage per pipeline stage (ingest, clean, language, extract, resolve, load, publish).
Importing ``newsetl`` imports nothing heavy: spaCy, trafilatura, duckdb and langdetect are
imported by the stage functions that need them, so Airflow can parse the DAGs cheaply.
"""

__version__ = "0.1.0"
