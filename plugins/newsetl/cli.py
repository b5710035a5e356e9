"""``newsetl``: the whole pipeline in one process, without a scheduler.

    newsetl run --inbox DIR --warehouse FILE     ingest, extract, load, dbt build, publish
    newsetl summary [--warehouse FILE]           what a built warehouse holds
    newsetl report [--warehouse FILE]            rebuild the report page from the published copy

The Airflow DAGs call the same functions from ``newsetl.pipeline``, task by task.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import shutil
import sys
from pathlib import Path

from newsetl.publish import open_command
from newsetl.report import report_dir
from newsetl.settings import Settings, get_settings


def _settings_for(warehouse: Path | None) -> Settings:
    """Project settings; an explicit warehouse keeps its published copy and batches beside it."""
    settings = get_settings()
    if warehouse is None:
        return settings
    warehouse = warehouse.resolve()
    published = warehouse.parent / "published" / warehouse.name
    return dataclasses.replace(settings, warehouse=warehouse, published=published,
                               parquet_dir=published.parent / "parquet", staging_dir=warehouse.parent / "staging")


def format_summary(summary: dict[str, object], settings: Settings) -> str:
    """The short report every run ends with."""
    from newsetl.language import language_list, not_extracted_line

    languages = ", ".join(f"{k}: {v}" for k, v in summary["languages"].items()) or "none"
    rejects = ", ".join(f"{k}: {v}" for k, v in summary["rejected_inputs"].items()) or "none"
    quarantined = ", ".join(f"{k}: {v}" for k, v in summary["quarantined_rows"].items()) or "none"
    return "\n".join([
        f"articles loaded      {summary['articles']}",
        f"boilerplate removed  {summary['boilerplate_lines_removed']} lines",
        f"languages            {languages}",
        f"quotes / mentions    {summary['quotes']} / {summary['mentions']} ({summary['actors']} actors), "
        f"extracted for {language_list(settings.extract_languages)} only",
        f"not extracted        {not_extracted_line(summary.get('not_extracted', {}))}",
        f"rejected inputs      {rejects}",
        f"quarantined rows     {quarantined}",
        f"warehouse            {settings.warehouse}",
        f"analysts' copy       {settings.published}",
        f"open it with         {open_command(settings.published)}",
        f"report page          {report_dir(settings.published) / 'index.html'}",
        "Airflow UI           make airflow, then http://127.0.0.1:8080 (login printed there)",
    ])


def run(inbox: Path, settings: Settings) -> dict[str, object]:
    """Every step of the pipeline in order, with a progress display on stderr.

    Cleaning and extraction go shard by shard (``pipeline.process_batch``), so memory holds one
    shard at a time however large the inbox.

    When the inbox scan finds nothing new (no new document, no rejection the warehouse does not
    already record) and the marts and the published copy exist, the run stops there: load, dbt
    and publish would reproduce the same warehouse, and skipping them makes a rerun on an
    unchanged inbox cost the inbox scan alone (``staged["skipped"]`` is then true).
    """
    from rich.progress import Progress

    from newsetl import pipeline
    from newsetl.ingest import require_inbox
    from newsetl.load import DbtTestError, load_batch, writer_lock

    require_inbox(inbox)  # a missing inbox writes nothing, not even the lock file
    batch_id = pipeline.utc_now().strftime("cli-%Y%m%dT%H%M%S%f")
    batch_dir = settings.staging_dir / batch_id
    started = pipeline.utc_now()
    # One writer for the whole run, so that another run's load cannot slip between this run's
    # load, dbt build and publish (each step takes the same lock again, which is re-entrant).
    # One redraw a second, not rich's ten: the display changes at each step and shard only, and
    # each redraw cost 0.4 ms with output to a file, 1.4 ms on a terminal (1.4 % of a core).
    with writer_lock(settings.warehouse), Progress(transient=True, refresh_per_second=1) as progress:
        # Holding the lock, no other CLI run is alive: a cli-* folder left now is a killed run's.
        for dead in settings.staging_dir.glob("cli-*"):
            shutil.rmtree(dead, ignore_errors=True)
        step = progress.add_task("newsetl", total=4)
        progress.update(step, description="ingest")

        def on_shard(number: int, shards: int) -> None:
            progress.update(step, description=f"clean and extract quotes, shard {number}/{shards}")

        staged = pipeline.process_batch(inbox, batch_dir, batch_id=batch_id, settings=settings, on_shard=on_shard)
        # With nothing new there are no shards, so the check costs nothing extra after the scan.
        staged["skipped"] = not pipeline.has_new_work(batch_dir, settings)
        if staged["skipped"]:
            shutil.rmtree(batch_dir, ignore_errors=True)  # nothing to keep: hourly no-ops leave no folders
            return staged
        progress.update(step, advance=1, description="load into DuckDB")
        load_batch(batch_dir, settings.warehouse, batch_id=batch_id, started_at=started)
        shutil.rmtree(batch_dir, ignore_errors=True)  # loaded: its copy of every input is not needed
        progress.update(step, advance=1, description="dbt build")
        try:
            pipeline.build_marts(settings)
        except DbtTestError as error:
            # The load is kept (the next run builds again); the analysts keep the last good copy.
            staged["blocked"] = str(error)
            return staged
        progress.update(step, advance=1, description="publish")
        pipeline.publish(settings)
        progress.update(step, advance=1)
    return staged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsetl", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run the whole pipeline on an inbox")
    run_parser.add_argument("--inbox", type=Path, required=True)
    run_parser.add_argument("--warehouse", type=Path)
    summary_parser = commands.add_parser("summary", help="print what a built warehouse holds")
    summary_parser.add_argument("--warehouse", type=Path)
    report_parser = commands.add_parser("report", help="rebuild the report page from the published copy")
    report_parser.add_argument("--warehouse", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from newsetl import pipeline
    from newsetl.ingest import InboxNotFoundError
    from newsetl.load import DbtError, WriterBusyError

    settings = _settings_for(args.warehouse)
    staged: dict[str, object] = {}
    try:
        if args.command == "run":
            staged = run(args.inbox, settings)
            recleaned = staged.get("recleaned", 0)
            again = f", {recleaned} cleaned again (new cross-document evidence)" if recleaned else ""
            print(f"this run: {staged['documents_new']} new documents, {staged['unchanged']} unchanged, "
                  f"{staged['rejected']} rejected{again}")
        if args.command == "report":
            from newsetl.report import BUILD_RESULTS, build_report

            page = build_report(settings.published, report_dir(settings.published),
                                settings.dbt_project_dir / "target" / BUILD_RESULTS)
            print(f"report page          {page}")
            return 0
        # The published copy: readable while another run writes the warehouse.
        readable = settings.published if settings.published.exists() else settings.warehouse
        if settings.published.exists() or not staged.get("blocked"):
            print(format_summary(pipeline.warehouse_summary(readable), settings))
    except (InboxNotFoundError, DbtError, WriterBusyError, pipeline.WarehouseDamagedError) as error:
        print(f"newsetl: {error}", file=sys.stderr)
        return 3 if isinstance(error, WriterBusyError) else 2
    if staged.get("blocked"):
        print(f"PUBLICATION STOPPED  {staged['blocked']}")
        print("                     the analysts' copy above is the last good build; fix the rows, then run again")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
