"""Publish stage: the analysts' read-only copy and Parquet exports."""

from newsetl.publish.copy import (
    export_parquet,
    export_stamp,
    open_command,
    parts_dir,
    publish_copy,
    published_stamp,
    remove_published_batches,
    sql_string,
    write_partitions,
)

__all__ = ["export_parquet", "export_stamp", "open_command", "parts_dir", "publish_copy", "published_stamp",
           "remove_published_batches", "sql_string", "write_partitions"]
