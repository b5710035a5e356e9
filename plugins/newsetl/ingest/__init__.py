"""Ingest stage: inbox files to decoded ``RawDocument`` records and ``Rejection`` records."""

from newsetl.ingest.decode import DecodeError, decode_bytes
from newsetl.ingest.formats import content_hash, html_to_text
from newsetl.ingest.inbox import InboxNotFoundError, list_inbox, read_inbox, require_inbox

__all__ = [
    "DecodeError", "InboxNotFoundError", "content_hash", "decode_bytes", "html_to_text",
    "list_inbox", "read_inbox", "require_inbox",
]
