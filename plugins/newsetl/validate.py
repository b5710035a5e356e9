"""Row checks between the extraction stage and the warehouse: a bad row is quarantined, not fatal.

Every quote and mention row the NLP stage emits is checked against the invariants the marts'
dbt tests enforce (offsets inside ``clean_text`` and in order, non-empty text that equals the
span it claims, known enum values, a unique id). A row that breaks one goes to
``audit.quarantined_rows`` with its reason instead of ``raw.*``, so one bad extraction can no
longer fail ``dbt build`` and keep every other article of the batch from the analysts.

Prompted by a sign-off line whose quote came out empty with ``start_char`` 5224 > ``end_char``
5222: the ``expression_is_true`` test on ``fct_quotes`` failed and 839 good articles of the
batch were never published.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from newsetl.extract.cues import KINDS
from newsetl.resolve.linking import ACRONYM, EXACT, SURNAME

QUOTE_TYPES = frozenset({"direct", "indirect", "mixed"})
ATTRIBUTION_KINDS = frozenset(KINDS)
ACTOR_TYPES = frozenset({"person", "organization", "location"})
LINK_METHODS = frozenset({EXACT, SURNAME, ACRONYM})
# How much of a quarantined row's own text the audit keeps (the full text is in clean_text).
DETAIL_CHARS = 300

Row = Mapping[str, Any]


class Verdict(NamedTuple):
    """Why a row cannot be trusted: a short code and a sentence for the operator."""

    reason: str
    detail: str


def _span(row: Row, text: str, text_field: str) -> Verdict | None:
    """Offsets inside the text, in order, and the row's text equal to the span it claims."""
    start, end = row.get("start_char"), row.get("end_char")
    if not isinstance(start, int) or not isinstance(end, int):
        return Verdict("missing_offsets", f"start_char={start!r} end_char={end!r}")
    if not 0 <= start < end <= len(text):
        return Verdict("bad_offsets", f"start_char={start} end_char={end} outside or inverted in a "
                                      f"{len(text)}-character clean_text")
    value = row.get(text_field)
    if not isinstance(value, str) or not value.strip():
        return Verdict("empty_text", f"{text_field} is empty")
    if text[start:end] != value:
        return Verdict("text_mismatch", f"{text_field} differs from clean_text[{start}:{end}]")
    return None


def _enum(row: Row, field: str, allowed: frozenset[str]) -> Verdict | None:
    if row.get(field) not in allowed:
        return Verdict("unknown_value", f"{field}={row.get(field)!r}, expected one of {sorted(allowed)}")
    return None


def _sentence(row: Row) -> Verdict | None:
    index = row.get("sentence_index")
    if not isinstance(index, int) or index < 0:
        return Verdict("bad_sentence_index", f"sentence_index={index!r}")
    return None


def check_quote(row: Row, text: str) -> Verdict | None:
    """The first invariant a quote row breaks, or None when the row can be loaded."""
    return (_span(row, text, "quote_text") or _enum(row, "quote_type", QUOTE_TYPES)
            or _enum(row, "attribution_kind", ATTRIBUTION_KINDS) or _sentence(row))


def check_mention(row: Row, text: str) -> Verdict | None:
    """The first invariant a mention row breaks, or None when the row can be loaded."""
    return (_span(row, text, "mention_text") or _enum(row, "actor_type", ACTOR_TYPES)
            or _enum(row, "link_method", LINK_METHODS) or _sentence(row))


def _quarantine_row(table: str, row: Row, key: str, verdict: Verdict, at: datetime) -> dict[str, Any]:
    snapshot = {k: (v[:DETAIL_CHARS] if isinstance(v, str) else v) for k, v in row.items()}
    return {
        "table_name": table, "row_id": row.get(key), "article_id": row.get("article_id"),
        "reason": verdict.reason, "detail": verdict.detail,
        "row_json": json.dumps(snapshot, ensure_ascii=False, default=str), "quarantined_at": at,
    }


def split_valid(rows: Iterable[Row], *, table: str, key: str, text: str, check: Callable[[Row, str], Verdict | None],
                at: datetime) -> tuple[list[Row], list[dict[str, Any]]]:
    """Rows that pass ``check`` (and whose ``key`` is new), and quarantine rows for the rest.

    Args:
        rows: one article's rows of one raw table.
        table: the raw table the rows were meant for (``quotes``, ``mentions``).
        key: the id column, which must be unique (a second row with the same id is quarantined).
        text: the article's ``clean_text`` the offsets index.
        check: ``check_quote`` or ``check_mention``.
        at: timestamp for ``quarantined_at``.

    Returns:
        ``(good rows, audit.quarantined_rows rows)``.
    """
    good: list[Row] = []
    quarantined: list[dict[str, Any]] = []
    seen: set[object] = set()
    for row in rows:
        verdict = check(row, text)
        if verdict is None and row.get(key) in seen:
            verdict = Verdict("duplicate_id", f"{key}={row.get(key)!r} already emitted for this article")
        if verdict is None:
            seen.add(row.get(key))
            good.append(row)
        else:
            quarantined.append(_quarantine_row(table, row, key, verdict, at))
    return good, quarantined
