"""Read an inbox folder into documents and rejections, never following a link out of it."""

from __future__ import annotations

import codecs
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from newsetl.ingest.decode import DecodeError, decode_bytes, utf16_without_bom
from newsetl.ingest.formats import html_document, jsonl_documents, jsonl_line, txt_document
from newsetl.records import RawDocument, Rejection

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
READ_CHUNK = 1 << 20  # bytes per read while skipping the rest of an over-long feed line
UTF16_PROBE_BYTES = 4096  # enough of a feed's start to see a UTF-16 NUL pattern
# article.json beside article.txt holds that article's outlet, URL, date and author (README).
SIDECAR_SUFFIX = ".json"


class InboxNotFoundError(FileNotFoundError):
    """The inbox folder does not exist: nothing to ingest, and nothing is written."""


def _screen(path: Path, inbox: Path, max_bytes: int, *, sidecar: bool = False) -> Rejection | None:
    """Reasons to refuse a file before reading a byte of it."""
    uri = str(path)
    relative = path.relative_to(inbox)
    if any(part.startswith(".") for part in relative.parts):
        return Rejection(uri, "hidden", "hidden files and folders are not ingested")
    info = path.lstat()  # one look, never through a link; raises if the file was moved away
    if stat.S_ISLNK(info.st_mode):
        return Rejection(uri, "symlink", "symbolic links are never followed")
    if not stat.S_ISREG(info.st_mode):
        return Rejection(uri, "unsupported_type", "not a regular file (a pipe, socket or device is never opened)")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES and not sidecar:
        return Rejection(uri, "unsupported_type", f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    size = info.st_size
    if size > max_bytes and path.suffix.lower() != ".jsonl":  # a feed is limited per line
        return Rejection(uri, "too_large", f"{size} bytes is over the {max_bytes}-byte limit")
    return None


def _read_at_most(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None if it holds more than ``max_bytes`` (it grew after the size check)."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def _lines_at_most(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` of each line, bytes None for a line over ``max_bytes``.

    An over-long line is skipped in bounded reads, never held whole in memory.
    """
    line_no = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        line_no += 1
        if len(line) <= max_bytes or line.endswith(b"\n") and len(line) == max_bytes + 1:
            yield line_no, line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(READ_CHUNK)
        yield line_no, None


def _is_utf16(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(head)


def _parse_feed(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    """A JSON-lines feed, line by line: the size limit applies to each line, not to the file.

    One 50 MB line used to reject its good neighbours with it, and a 12 MB feed of 4,000 normal
    articles became one ``too_large`` row. A UTF-16 feed (a NUL in every other byte, no line
    framing in bytes) is still read whole, within the file limit.
    """
    uri = str(path)
    with path.open("rb") as handle:
        head = handle.read(UTF16_PROBE_BYTES)
        handle.seek(0)
        if _is_utf16(head):
            yield from _parse_whole(path, max_bytes, ".jsonl")
            return
        for line_no, data in _lines_at_most(handle, max_bytes):
            if data is None:
                yield Rejection(f"{uri}#L{line_no}", "too_large", f"line {line_no} is over the {max_bytes}-byte limit")
                continue
            if line_no == 1:
                data = data.removeprefix(codecs.BOM_UTF8)
            if not data.strip():
                continue
            try:
                text, encoding = decode_bytes(data)
            except DecodeError as error:
                yield Rejection(f"{uri}#L{line_no}", error.reason, f"line {line_no}: {error.detail}")
                continue
            item = jsonl_line(text.strip("\n"), line_no=line_no, source_uri=uri, encoding=encoding)
            if item is not None:
                yield item


def _parse_whole(path: Path, max_bytes: int, suffix: str) -> Iterator[RawDocument | Rejection]:
    uri = str(path)
    data = _read_at_most(path, max_bytes)
    if data is None:
        yield Rejection(uri, "too_large", f"grew past the {max_bytes}-byte limit while being read")
        return
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as error:
        yield Rejection(uri, error.reason, error.detail)
        return
    if suffix == ".jsonl":
        yield from jsonl_documents(text, source_uri=uri, encoding=encoding)
    elif suffix in (".html", ".htm"):
        try:
            yield html_document(text, source_uri=uri, encoding=encoding, byte_count=len(data))
        except ValueError as error:
            yield Rejection(uri, "no_main_content", str(error))
    else:
        sidecar = _read_sidecar(path.with_suffix(SIDECAR_SUFFIX), max_bytes)
        if isinstance(sidecar, Rejection):
            yield sidecar  # the article still loads, without what its sidecar would have said
            sidecar = None
        yield txt_document(text, source_uri=uri, encoding=encoding, byte_count=len(data), sidecar=sidecar)


def _is_sidecar(path: Path) -> bool:
    """A .json with a .txt of the same name beside it: read with that .txt, not as an input."""
    return path.suffix.lower() == SIDECAR_SUFFIX and any(
        path.with_suffix(suffix).is_file() for suffix in (".txt", ".TXT"))


def _read_sidecar(path: Path, max_bytes: int) -> dict | Rejection | None:
    """The metadata object of a .txt's sidecar; None without one, a rejection when it is unusable."""
    if not path.exists() and not path.is_symlink():
        return None
    rejection = _screen(path, path.parent, max_bytes, sidecar=True)
    if rejection:
        return rejection
    data = _read_at_most(path, max_bytes)
    try:
        record = json.loads(decode_bytes(data)[0]) if data is not None else None
    except (DecodeError, ValueError, RecursionError) as error:
        return Rejection(str(path), "malformed_sidecar", f"not a JSON object ({type(error).__name__})")
    if not isinstance(record, dict):
        return Rejection(str(path), "malformed_sidecar", "a sidecar .json must hold one JSON object")
    return record


def _parse(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _parse_feed(path, max_bytes)
    else:
        yield from _parse_whole(path, max_bytes, suffix)


def require_inbox(inbox: Path) -> None:
    """Fail before anything is written when the inbox folder is missing.

    Raises:
        InboxNotFoundError: when ``inbox`` is not an existing folder.
    """
    if not inbox.is_dir():
        raise InboxNotFoundError(f"inbox {inbox} does not exist or is not a folder")


def printable_path(path: Path | str) -> str:
    """The path as valid UTF-8 text: bytes that are not UTF-8 in a name become ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _has_utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the name, kept by Python as surrogates
        return False
    return True


def _walk(inbox: Path) -> tuple[list[Path], list[Rejection]]:
    """Every entry under the inbox (symlinked folders listed, not entered), and the folders that
    could not be listed: ``rglob`` skipped an unreadable folder without a word."""
    paths: list[Path] = []
    unreadable: list[Rejection] = []

    def failed(error: OSError) -> None:
        unreadable.append(Rejection(printable_path(error.filename or inbox), "unreadable",
                                    f"folder cannot be listed, its files are not ingested: {error.strerror}"))

    for folder, dirs, files in os.walk(inbox, onerror=failed):
        base = Path(folder)
        paths += [base / d for d in dirs if (base / d).is_symlink()]
        paths += [base / f for f in files]
    return sorted(paths), unreadable


def list_inbox(inbox: Path) -> list[Path]:
    """Every entry under the inbox, in a stable order, without descending into symlinked folders."""
    require_inbox(inbox)
    return _walk(inbox)[0]


def read_inbox(inbox: Path, *, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    """Yield a document or a rejection for every file under ``inbox``.

    Args:
        inbox: folder to read; it must exist.
        max_bytes: files larger than this are rejected from their size alone, unread (for
            ``.jsonl`` feeds: lines larger than this).

    Raises:
        InboxNotFoundError: when ``inbox`` is not an existing folder.
    """
    inbox = inbox.resolve()
    require_inbox(inbox)
    paths, unreadable = _walk(inbox)
    yield from unreadable
    for path in paths:
        if not _has_utf8_name(path):
            yield Rejection(printable_path(path), "undecodable_name",
                            "the file name is not valid UTF-8 (shown with \\x escapes); rename the file")
            continue
        if _is_sidecar(path):
            continue
        try:
            rejection = _screen(path, inbox, max_bytes)
            if rejection:
                yield rejection
            else:
                yield from _parse(path, max_bytes)
        except OSError as error:  # removed or made unreadable by its owner while we looked at it
            yield Rejection(str(path), "unreadable", f"{type(error).__name__}: {error}")
        except Exception as error:  # noqa: BLE001 - one file's parser bug must not stop the run
            yield Rejection(str(path), "parse_error", f"{type(error).__name__}: {error}")
