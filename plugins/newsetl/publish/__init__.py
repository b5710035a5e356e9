"""Publish stage: the analysts' read-only copy and Parquet exports."""

from newsetl.publish.copy import export_parquet, open_command, publish_copy

__all__ = ["export_parquet", "open_command", "publish_copy"]
