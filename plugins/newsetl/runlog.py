"""What one ingest run did, read back from its batch folder: for task logs, run notes and asset events.

The batch folder of a run holds every rejection (the stage's and each shard's) and every article
with its language and extraction status, so the report is computed from the files the run wrote,
the same way whichever worker ran which shard. No Airflow import: the CLI can print it too.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from typing import Any

from newsetl.load import batch_table_files, read_batch_table

# A run note must stay readable in the grid's side panel: past this many rejected inputs the
# note gives the count of the rest (all of them are in audit.rejected_inputs).
NOTE_MAX_REJECTED = 20


def input_name(source_uri: str) -> str:
    """The file name of an input (``path#line`` of a JSON-lines input keeps its line)."""
    path, _, line = source_uri.partition("#")
    name = PurePosixPath(path).name or path
    return f"{name}#{line}" if line else name


def _rows(batch_dir: str, table: str) -> list[dict[str, Any]]:
    """One batch table over the batch folder and all its shards."""
    folders = [str(path).rsplit("/", 1)[0] for path in batch_table_files(batch_dir, table)]
    return [row for folder in folders for row in read_batch_table(folder, table)]


def batch_report(batch_dir: str) -> dict[str, Any]:
    """Counts of one run's batch folder and its rejected inputs with their reasons.

    Returns:
        ``articles``, ``quotes``, ``mentions``, ``rejected`` (counts); ``extracted`` and
        ``not_extracted`` (articles per language); ``failed`` (articles whose extraction failed);
        ``rejected_inputs`` (``{"file", "reason", "detail"}`` per rejected input).
    """
    articles = _rows(batch_dir, "articles")
    rejected = _rows(batch_dir, "rejected_inputs")
    status = Counter((a["extraction_status"], a["language"]) for a in articles)
    return {
        "articles": len(articles),
        "quotes": len(_rows(batch_dir, "quotes")),
        "mentions": len(_rows(batch_dir, "mentions")),
        "rejected": len(rejected),
        "extracted": _by_language(status, {"ok"}),
        "not_extracted": _by_language(status, {"skipped_language", "pending"}),
        "failed": sum(n for (s, _), n in status.items() if s == "failed"),
        "rejected_inputs": [{"file": input_name(r["source_uri"]), "reason": r["reason"], "detail": r["detail"] or ""}
                            for r in sorted(rejected, key=lambda r: r["source_uri"])],
    }


def _by_language(status: Counter, states: set[str]) -> dict[str, int]:
    counts: Counter = Counter()
    for (state, language), n in status.items():
        if state in states:
            counts[language] += n
    return dict(sorted(counts.items()))


def _languages(counts: dict[str, int]) -> str:
    return ", ".join(f"{language} {n}" for language, n in counts.items())


def count_lines(report: dict[str, Any]) -> list[str]:
    """The report's counts as short lines, for a task log or a run note."""
    lines = [f"{report['articles']} articles, {report['quotes']} quotes, {report['mentions']} mentions, "
             f"{report['rejected']} rejected inputs"]
    if report["extracted"]:
        lines.append(f"extracted: {_languages(report['extracted'])}")
    if report["not_extracted"]:
        lines.append(f"not extracted (no model for the language): {_languages(report['not_extracted'])}")
    if report["failed"]:
        lines.append(f"extraction failed: {report['failed']} articles (see fct_articles.extraction_error)")
    return lines


def rejected_lines(report: dict[str, Any]) -> list[str]:
    """One line per rejected input: its file name, reason and detail."""
    return [f"{r['file']}: {r['reason']}" + (f" ({r['detail']})" if r["detail"] else "")
            for r in report["rejected_inputs"]]


def run_note(report: dict[str, Any]) -> str:
    """The dag run note: Markdown the grid shows beside the run."""
    counts, rejected = count_lines(report), rejected_lines(report)
    note = [f"**{counts[0]}**", *(f"- {line}" for line in counts[1:])]
    if rejected:
        note += ["", "Rejected inputs (audit.rejected_inputs):"]
        note += [f"- {line}" for line in rejected[:NOTE_MAX_REJECTED]]
        if len(rejected) > NOTE_MAX_REJECTED:
            note.append(f"- and {len(rejected) - NOTE_MAX_REJECTED} more")
    return "\n".join(note)
