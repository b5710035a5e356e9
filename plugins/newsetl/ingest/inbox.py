"""Read an inbox folder into documents and rejections, never following a link out of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsetl.ingest.decode import DecodeError, decode_bytes
from newsetl.ingest.formats import html_document, jsonl_documents, txt_document
from newsetl.records import RawDocument, Rejection

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


class InboxNotFoundError(FileNotFoundError):
    """The inbox folder does not exist: nothing to ingest, and nothing is written."""


def _screen(path: Path, inbox: Path, max_bytes: int) -> Rejection | None:
    """Reasons to refuse a file before reading a byte of it."""
    uri = str(path)
    relative = path.relative_to(inbox)
    if any(part.startswith(".") for part in relative.parts):
        return Rejection(uri, "hidden", "hidden files and folders are not ingested")
    if path.is_symlink():
        return Rejection(uri, "symlink", "symbolic links are never followed")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return Rejection(uri, "unsupported_type", f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    size = path.stat().st_size
    if size > max_bytes:
        return Rejection(uri, "too_large", f"{size} bytes is over the {max_bytes}-byte limit")
    return None


def _parse(path: Path) -> Iterator[RawDocument | Rejection]:
    data = path.read_bytes()
    uri = str(path)
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
        yield txt_document(text, source_uri=uri, encoding=encoding, byte_count=len(data))


def list_inbox(inbox: Path) -> list[Path]:
    """Every entry under the inbox, in a stable order, without descending into symlinked folders."""
    if not inbox.is_dir():
        raise InboxNotFoundError(f"inbox {inbox} does not exist or is not a folder")
    return sorted(p for p in inbox.rglob("*") if p.is_symlink() or p.is_file())


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
        rejection = _screen(path, inbox, max_bytes)
        if rejection:
            yield rejection
            continue
        try:
            yield from _parse(path)
        except OSError as error:
            yield Rejection(str(path), "unreadable", f"{type(error).__name__}: {error}")
