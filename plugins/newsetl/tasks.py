"""What each Airflow task does, as plain functions of the task's inputs (no Airflow import).

The DAG files only wire these together; each function builds its settings from the run's
parameters, calls one pipeline step and logs a one-line summary for the task log.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

from newsetl.settings import Settings, get_settings

log = logging.getLogger(__name__)


class ParamsError(ValueError):
    """A trigger-form value outside the bounds the operator configured."""


def _bounded_inbox(value: str, settings: Settings) -> Path:
    """The form's inbox, resolved (symlinks and ``..`` followed), only if it lies under ``inbox_root``.

    Without the bound, anyone allowed to trigger the DAG could have any folder the worker can
    read (``/etc``, another team's data) ingested into the warehouse.
    """
    inbox = Path(value).expanduser().resolve()
    root = (settings.inbox_root or settings.inbox.parent).resolve()
    if not inbox.is_relative_to(root):
        raise ParamsError(f"inbox {inbox} is outside the allowed root {root} (NEWSETL_INBOX_ROOT)")
    return inbox


def _bounded_size(value: object, settings: Settings) -> int:
    size = int(value)  # type: ignore[call-overload]
    if not 1 <= size <= settings.max_input_bytes_ceiling:
        raise ParamsError(f"max_input_bytes {size} must be between 1 and {settings.max_input_bytes_ceiling} "
                          f"(NEWSETL_MAX_INPUT_BYTES_CEILING)")
    return size


def settings_from_params(params: dict | None) -> Settings:
    """Project settings overridden by the trigger form's parameters, within their bounds.

    Raises:
        ParamsError: an inbox outside ``Settings.inbox_root`` or a size limit over the ceiling.
    """
    settings = get_settings()
    params = params or {}
    overrides = {}
    if params.get("inbox"):
        overrides["inbox"] = _bounded_inbox(params["inbox"], settings)
    if params.get("max_input_bytes") is not None:
        overrides["max_input_bytes"] = _bounded_size(params["max_input_bytes"], settings)
    if params.get("extract_languages"):
        overrides["extract_languages"] = tuple(params["extract_languages"])
    return dataclasses.replace(settings, **overrides)


def batch_dir_for(run_id: str, settings: Settings) -> Path:
    """One batch folder per DAG run: a retried task finds the files of its own run."""
    return settings.staging_dir / re.sub(r"[^\w.-]+", "_", run_id)


def plan_task(params: dict | None, run_id: str) -> list[str]:
    """The fan-out's first step: read and deduplicate the inbox, write one folder per shard.

    Returns the shard folders: the list the mapped ``clean_extract`` task expands over.
    """
    from newsetl.pipeline import plan_batch

    settings = settings_from_params(params)
    shard_size = int((params or {}).get("shard_size") or settings.shard_size)
    batch_dir = batch_dir_for(run_id, settings)
    plan = plan_batch(settings.inbox, batch_dir, batch_id=batch_dir.name, settings=settings, shard_size=shard_size)
    log.info("stage: %(documents_read)d documents read, %(documents_new)d new, %(unchanged)d unchanged, "
             "%(rejected)d rejected", plan)
    log.info("stage: %d shard(s) of up to %d documents", len(plan["shards"]), shard_size)
    return list(plan["shards"])


def shard_task(shard_dir: str, params: dict | None = None) -> str:
    """One mapped task: clean, language-tag and extract one shard into its own Parquet files."""
    from newsetl.pipeline import process_shard

    counts = process_shard(shard_dir, settings=settings_from_params(params))
    log.info("shard %s: %d documents, %d articles, %d quotes, %d mentions, %d failed", shard_dir,
             counts["documents_new"], counts["articles"], counts["quotes"], counts["mentions"], counts["failed"])
    return shard_dir


def load_task(batch_dir: str, run_id: str) -> dict[str, int]:
    from newsetl.load import load_batch
    from newsetl.pipeline import utc_now

    settings = get_settings()
    # A local folder stays a Path; an object-store URL (fsspec) is passed through as given.
    location = batch_dir if "://" in batch_dir else Path(batch_dir)
    batch_id = batch_dir.rstrip("/").rsplit("/", 1)[-1]
    counts = load_batch(location, settings.warehouse, batch_id=batch_id, started_at=utc_now())
    log.info("load: %s", ", ".join(f"{n} {table}" for table, n in counts.items()))
    return counts


def load_run_task(params: dict | None, run_id: str) -> dict[str, int] | None:
    """Load the batch folder of this DAG run (all its shards), found from the run id.

    Returns None, loading nothing, when the batch adds nothing and the published copy is
    current: the DAG then skips the task, so no asset event rebuilds the marts for nothing.
    """
    from newsetl.pipeline import has_new_work

    settings = settings_from_params(params)
    batch_dir = batch_dir_for(run_id, settings)
    if not has_new_work(batch_dir, settings):
        log.info("load: nothing new in %s and the published copy is current", settings.inbox)
        return None
    return load_task(str(batch_dir), run_id)


def build_task() -> None:
    from newsetl.pipeline import build_marts

    output = build_marts(get_settings())
    log.info("dbt: %s", next((line for line in reversed(output.splitlines()) if "PASS=" in line), "done"))


def docs_task() -> None:
    from newsetl.pipeline import generate_docs

    generate_docs(get_settings())
    log.info("dbt docs: catalog and manifest written to %s", get_settings().dbt_project_dir / "target")


def publish_task() -> dict[str, str]:
    from newsetl.pipeline import publish, warehouse_summary

    settings = get_settings()
    result = publish(settings)
    summary = warehouse_summary(settings.published)
    log.info("publish: %s; %d articles, %d quotes, %d mentions, %d actors", result["published"],
             summary["articles"], summary["quotes"], summary["mentions"], summary["actors"])
    return result
