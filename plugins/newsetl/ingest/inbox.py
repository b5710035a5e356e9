"""Read an inbox folder into documents and rejections, never following a link out of it."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

from newsetl.ingest.decode import DecodeError, decode_bytes
from newsetl.ingest.formats import html_document, jsonl_documents, txt_document
from newsetl.records import RawDocument, Rejection

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
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
    if size > max_bytes:
        return Rejection(uri, "too_large", f"{size} bytes is over the {max_bytes}-byte limit")
    return None


def _read_at_most(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None if it holds more than ``max_bytes`` (it grew after the size check)."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def _parse(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
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
    suffix = path.suffix.lower()
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


def require_inbox(inbox: Path) -> None:
    """Fail before anything is written when the inbox folder is missing.

    Raises:
        InboxNotFoundError: when ``inbox`` is not an existing folder.
    """
    if not inbox.is_dir():
        raise InboxNotFoundError(f"inbox {inbox} does not exist or is not a folder")


def list_inbox(inbox: Path) -> list[Path]:
    """Every entry under the inbox, in a stable order, without descending into symlinked folders."""
    require_inbox(inbox)
    return sorted(p for p in inbox.rglob("*") if p.is_symlink() or not p.is_dir())


def read_inbox(inbox: Path, *, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    """Yield a document or a rejection for every file under ``inbox``.

    Args:
        inbox: folder to read; it must exist.
        max_bytes: files larger than this are rejected from their size alone, unread.

    Raises:
        InboxNotFoundError: when ``inbox`` is not an existing folder.
    """
    inbox = inbox.resolve()
    for path in list_inbox(inbox):
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
