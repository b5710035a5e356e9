"""What each Airflow task does, as plain functions of the task's inputs (no Airflow import).

The DAG files only wire these together; each function builds its settings from the run's
parameters, calls one pipeline step and logs a summary for the task log (INFO): documents read,
each rejected input with its reason, articles by language and extraction status, quotes and
mentions. ``permanent_failure`` tells the DAGs which errors no retry can fix.
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


def permanent_failure(error: BaseException) -> str | None:
    """A one-line reason when ``error`` would recur on a retry; None when a retry may heal it.

    A missing inbox, a bad trigger-form value and a failed dbt model or test are facts about
    the input or the project; a DuckDB file held by another process is a moment's contention.
    """
    from newsetl.ingest import InboxNotFoundError
    from newsetl.load import DbtError
    from newsetl.load.warehouse import is_lock_conflict

    if isinstance(error, InboxNotFoundError):
        return f"inbox not found: {error}"
    if isinstance(error, DbtError) and not is_lock_conflict(str(error)):
        return str(error).splitlines()[0] + dbt_failures(str(error))
    if isinstance(error, ValueError | TypeError):
        return f"bad parameter: {error}"
    return None


def dbt_failures(output: str) -> str:
    """dbt's own 'Failure in test ...' / 'Error in model ...' lines, joined on one line."""
    failures = [line.strip() for line in output.splitlines() if re.search(r"\b(Failure|Error) in \w+ ", line)]
    return f": {'; '.join(failures)}" if failures else ""


def plan_task(params: dict | None, run_id: str) -> list[str]:
    """The fan-out's first step: read and deduplicate the inbox, write one folder per shard.

    Returns the shard folders: the list the mapped ``clean_extract`` task expands over.
    """
    from newsetl.load import read_batch_table
    from newsetl.pipeline import plan_batch
    from newsetl.runlog import input_name

    settings = settings_from_params(params)
    shard_size = int((params or {}).get("shard_size") or settings.shard_size)
    batch_dir = batch_dir_for(run_id, settings)
    plan = plan_batch(settings.inbox, batch_dir, batch_id=batch_dir.name, settings=settings, shard_size=shard_size)
    log.info("stage: %(documents_read)d documents read in %(inbox)s: %(documents_new)d new, %(unchanged)d unchanged, "
             "%(rejected)d rejected", {**plan, "inbox": settings.inbox})
    for rejection in read_batch_table(batch_dir, "rejected_inputs"):
        log.info("stage: rejected %s: %s (%s)", input_name(rejection["source_uri"]), rejection["reason"],
                 rejection["detail"])
    log.info("stage: %d shard(s) of up to %d documents", len(plan["shards"]), shard_size)
    return list(plan["shards"])


def shard_task(shard_dir: str, params: dict | None = None) -> str:
    """One mapped task: clean, language-tag and extract one shard into its own Parquet files."""
    from newsetl.pipeline import process_shard
    from newsetl.runlog import batch_report, count_lines, rejected_lines

    counts = process_shard(shard_dir, settings=settings_from_params(params))
    log.info("shard %s: %d documents cleaned and extracted", shard_dir, counts["documents_new"])
    report = batch_report(shard_dir)
    for line in count_lines(report):
        log.info("shard: %s", line)
    for line in rejected_lines(report):
        log.info("shard: rejected %s", line)
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


def load_run_task(params: dict | None, run_id: str) -> dict[str, object]:
    """Load the batch folder of this DAG run (all its shards), found from the run id.

    Returns:
        ``loaded`` (rows per table; None, loading nothing, when the batch adds nothing and the
        published copy is current: the DAG then skips the task, so no asset event rebuilds the
        marts for nothing), ``report`` (the run's counts and rejected inputs, ``runlog``) and
        ``note`` (the same as the run's note).
    """
    from newsetl.pipeline import has_new_work
    from newsetl.runlog import batch_report, count_lines, rejected_lines, run_note

    settings = settings_from_params(params)
    batch_dir = batch_dir_for(run_id, settings)
    report = batch_report(str(batch_dir))
    for line in count_lines(report):
        log.info("run: %s", line)
    for line in rejected_lines(report):
        log.info("run: rejected %s", line)
    loaded = None
    if has_new_work(batch_dir, settings):
        loaded = load_task(str(batch_dir), run_id)
    else:
        log.info("load: nothing new in %s and the published copy is current", settings.inbox)
    note = run_note(report) if loaded is not None else f"Nothing new in {settings.inbox}: nothing loaded."
    return {"loaded": loaded, "report": report, "note": note}


def docs_task() -> None:
    from newsetl.pipeline import generate_docs

    generate_docs(get_settings())
    log.info("dbt docs: catalog and manifest written to %s", get_settings().dbt_project_dir / "target")


def publish_task() -> dict[str, str]:
    """Publish the analysts' copy; returns its paths and ``note``, the run's note."""
    from newsetl.pipeline import publish, warehouse_summary
    from newsetl.publish import open_command

    settings = get_settings()
    result = publish(settings)
    log.info("report page: %s", result["report"])
    summary = warehouse_summary(settings.published)
    line = (f"{summary['articles']} articles, {summary['quotes']} quotes, {summary['mentions']} mentions, "
            f"{summary['actors']} actors, {sum(summary['rejected_inputs'].values())} rejected inputs in all")
    log.info("publish: %s: %s", result["published"], line)
    return {**result, "note": f"**Published** {line}\n\nOpen it: `{open_command(settings.published)}`"}

