"""What a run did, read back from its batch folder: the lines of task logs and run notes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from newsetl.load import shard_path, write_batch_table
from newsetl.runlog import batch_report, run_note

AT = datetime(2026, 11, 30, 12, 0)


def article(article_id: str, language: str, status: str) -> dict:
    return {"article_id": article_id, "document_id": article_id, "source_part": 0, "title": None,
            "clean_text": "text", "raw_char_count": 4, "boilerplate_chars_removed": 0, "language": language,
            "language_confidence": 0.99, "extraction_status": status, "extraction_error": None,
            "batch_id": "b", "ingested_at": AT}


def rejection(uri: str, reason: str, detail: str) -> dict:
    return {"source_uri": uri, "reason": reason, "detail": detail, "rejected_at": AT}


def batch(tmp_path: Path) -> Path:
    """A stage rejection in the batch folder, a shard with three articles and one more rejection."""
    write_batch_table(tmp_path, "rejected_inputs", [rejection("/in/empty.txt", "empty", "the file is empty")])
    shard = shard_path(tmp_path, 0)
    write_batch_table(shard, "articles", [article("a", "en", "ok"), article("b", "de", "skipped_language"),
                                          article("c", "es", "skipped_language")])
    write_batch_table(shard, "rejected_inputs", [rejection("/in/feed.jsonl#3", "malformed_json", "")])
    return tmp_path


def test_the_report_counts_articles_by_language_and_status(tmp_path: Path) -> None:
    report = batch_report(str(batch(tmp_path)))
    assert (report["articles"], report["rejected"]) == (3, 2)
    assert report["extracted"] == {"en": 1}
    assert report["not_extracted"] == {"de": 1, "es": 1}


def test_the_note_names_each_rejected_input_with_its_reason(tmp_path: Path) -> None:
    note = run_note(batch_report(str(batch(tmp_path))))
    assert "- empty.txt: empty (the file is empty)" in note
    assert "- feed.jsonl#3: malformed_json" in note
    assert "not extracted (no model for the language): de 1, es 1" in note
