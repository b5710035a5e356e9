"""Bad input the ingest tests in ``tests/ingest`` do not cover: each gets a reason, the run goes on.

Covered there: empty, whitespace, PNG/PDF, undecodable bytes, the good encodings, the size limit
(by its reason), HTML without main content, bad JSON lines, hidden files, symlinks, a missing
inbox (in-process). Here: the size limit really reads nothing, files that change while the run
looks at them, special files, damaged UTF-16, JSON that breaks Python's parser, a parser bug in
one file, and a missing inbox through the real command.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsetl.ingest import inbox as inbox_module
from newsetl.ingest import read_inbox
from newsetl.records import RawDocument, Rejection

ARTICLE = (
    "Libyan peace talks fall short\n\n"
    "Libya’s warring leaders made progress at indirect peace talks in Moscow but failed to agree an "
    "open-ended ceasefire to end a nine-month war over Tripoli.\n"
)
ELEVEN_MB = 11 * 1024 * 1024
TEN_MB = 10 * 1024 * 1024


def read_all(inbox: Path, max_bytes: int = TEN_MB) -> dict[str, RawDocument | Rejection]:
    return {Path(item.source_uri).name: item for item in read_inbox(inbox, max_bytes=max_bytes)}


def test_an_oversized_file_is_rejected_without_opening_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An 11 MB sparse file (a video export named .txt) must cost a stat, not 11 MB of memory."""
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(ELEVEN_MB)
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    opened: list[str] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self.name) or real_open(self, *a, **k))
    items = read_all(tmp_path)
    assert items["huge.txt"].reason == "too_large"
    assert opened == ["ok.txt"]


def test_a_file_that_grows_past_the_limit_after_the_size_check_is_rejected(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file still being copied in can pass the size check and then grow: at most limit+1 bytes are read."""
    (tmp_path / "growing.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(inbox_module, "_screen", lambda path, inbox, max_bytes: None)
    rejection = read_all(tmp_path, max_bytes=50)["growing.txt"]
    assert rejection.reason == "too_large" and "while being read" in rejection.detail


def test_a_file_removed_between_listing_and_reading_is_a_rejection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editors move files out of the inbox while a run lists it; the stat used to crash the run."""
    (tmp_path / "moved.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "stays.txt").write_text(ARTICLE.replace("Moscow", "Berlin"), encoding="utf-8")
    listed = inbox_module._walk(tmp_path.resolve())
    (tmp_path / "moved.txt").unlink()
    monkeypatch.setattr(inbox_module, "_walk", lambda inbox: listed)
    items = read_all(tmp_path)
    assert items["moved.txt"].reason == "unreadable"
    assert isinstance(items["stays.txt"], RawDocument)


def test_a_named_pipe_is_rejected_and_never_opened(tmp_path: Path) -> None:
    """Opening a FIFO blocks until a writer comes: it must be refused from its type, unopened."""
    os.mkfifo(tmp_path / "pipe.txt")
    assert read_all(tmp_path)["pipe.txt"].reason == "unsupported_type"


@pytest.mark.parametrize(
    "data",
    [codecs.BOM_UTF16_LE + "Talks in Moscow".encode("utf-16-le")[:-1],
     codecs.BOM_UTF16_LE + b"\x00\xd8" + "Talks in Moscow".encode("utf-16-le")],
    ids=["truncated", "lone-surrogate"],
)
def test_damaged_utf16_is_undecodable_not_a_crash(tmp_path: Path, data: bytes) -> None:
    """A UTF-16 export cut off mid-character raised UnicodeDecodeError out of the run (fuzz finding)."""
    (tmp_path / "export.txt").write_bytes(data)
    assert read_all(tmp_path)["export.txt"].reason == "undecodable"


@pytest.mark.parametrize(
    ("line", "reason"),
    [("[" * 50_000 + "]" * 50_000, "malformed_json"),
     ('{"text": ' + "7" * 5000 + "}", "malformed_json"),
     ('{"text": "Talks in Moscow \\ud800 went on."}', "undecodable")],
    ids=["nested-50000-deep", "5000-digit-number", "lone-surrogate-escape"],
)
def test_json_that_breaks_the_parser_is_one_rejected_line(tmp_path: Path, line: str, reason: str) -> None:
    """RecursionError / ValueError from json.loads used to stop the run; now the line alone is refused."""
    good = '{"text": "Libya’s leaders made progress at indirect peace talks in Moscow on Monday."}'
    (tmp_path / "feed.jsonl").write_text(f"{line}\n{good}\n", encoding="utf-8")
    items = read_all(tmp_path)
    assert items["feed.jsonl#L1"].reason == reason
    assert isinstance(items["feed.jsonl#L2"], RawDocument)


def test_a_parser_bug_on_one_file_is_a_rejection_and_the_rest_load(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unforeseen exception in one file's parser (say, inside trafilatura) costs that file only."""
    (tmp_path / "page.html").write_text("<html><body><p>text</p></body></html>", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> RawDocument:
        raise KeyError("lxml internal state")

    monkeypatch.setattr(inbox_module, "html_document", broken)
    items = read_all(tmp_path)
    assert items["page.html"].reason == "parse_error" and "KeyError" in items["page.html"].detail
    assert isinstance(items["ok.txt"], RawDocument)


def test_a_missing_inbox_exits_non_zero_with_a_message_and_writes_nothing(tmp_path: Path) -> None:
    """Through the real command, as a cron job or an operator runs it: exit 2, one line, no files."""
    command = Path(sys.executable).with_name("newsetl")
    result = subprocess.run([str(command), "run", "--inbox", str(tmp_path / "nowhere"),
                             "--warehouse", str(tmp_path / "w" / "warehouse.duckdb")],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "w").exists()
