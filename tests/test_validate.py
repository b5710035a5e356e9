"""Row checks between extraction and load (newsetl.validate): a bad row is quarantined, not loaded."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsetl.pipeline import _extraction_rows
from newsetl.records import Extraction, Mention, Quote
from newsetl.validate import check_mention, check_quote, split_valid

TEXT = "The mayor said the bridge would open in May.\n\nMoreno reported from Fresno."
AT = datetime(2026, 1, 1)


def quote(start: int, end: int, **changes: object) -> dict:
    row = {"quote_id": f"a:q{start}-{end}", "article_id": "a", "quote_text": TEXT[start:end], "quote_type": "indirect",
           "attribution_kind": "speech", "start_char": start, "end_char": end, "sentence_index": 0}
    return {**row, **changes}


@pytest.mark.parametrize(("row", "reason"), [
    pytest.param(quote(15, 43), None, id="good"),
    pytest.param(quote(61, 59, quote_text=""), "bad_offsets", id="inverted-span"),
    pytest.param(quote(15, 500), "bad_offsets", id="past-the-text"),
    pytest.param(quote(-1, 10), "bad_offsets", id="negative-start"),
    pytest.param(quote(15, 43, quote_text="  "), "empty_text", id="blank-text"),
    pytest.param(quote(15, 43, quote_text="the bridge"), "text_mismatch", id="text-not-the-span"),
    pytest.param(quote(15, 43, quote_type="rumour"), "unknown_value", id="unknown-type"),
    pytest.param(quote(15, 43, attribution_kind="gossip"), "unknown_value", id="unknown-kind"),
    pytest.param(quote(15, 43, sentence_index=-2), "bad_sentence_index", id="negative-sentence"),
    pytest.param(quote(15, 43, start_char=None), "missing_offsets", id="no-offsets"),
])
def test_check_quote(row: dict, reason: str | None) -> None:
    verdict = check_quote(row, TEXT)
    assert (verdict.reason if verdict else None) == reason


def test_a_mention_with_an_unknown_actor_type_is_refused() -> None:
    row = {"mention_id": "a:m0-9", "mention_text": "The mayor", "actor_type": "ghost", "link_method": "exact",
           "start_char": 0, "end_char": 9, "sentence_index": 0}
    assert check_mention(row, TEXT).reason == "unknown_value"


def test_a_repeated_id_is_quarantined_once_the_first_loaded() -> None:
    good, bad = split_valid([quote(15, 43), quote(15, 43)], table="quotes", key="quote_id", text=TEXT,
                            check=check_quote, at=AT)
    assert len(good) == 1 and [row["reason"] for row in bad] == ["duplicate_id"]


def test_the_inverted_sign_off_quote_goes_to_quarantine_and_the_good_one_loads() -> None:
    """The 840-article run's failure, as the extractor emitted it: an empty, inverted quote."""
    extraction = Extraction(
        quotes=(Quote("the bridge would open in May", "indirect", "The mayor", "say", 15, 43, 0, "speech",
                      "cue_clause", 0, 9),
                Quote("", "indirect", "Moreno", "report", 70, 68, 1, "speech", "cue_object", 46, 52)),
        mentions=(Mention("Moreno", "PERSON", "person", 46, 52, 1), Mention("Fresno", "GPE", "location", 67, 73, 1)),
    )
    quotes, mentions, quarantined = _extraction_rows("a", TEXT, extraction, AT)
    assert [q["quote_text"] for q in quotes] == ["the bridge would open in May"]
    assert len(mentions) == 2
    assert [(r["table_name"], r["row_id"], r["reason"]) for r in quarantined] == [("quotes", "a:q70-68", "bad_offsets")]
    assert quarantined[0]["article_id"] == "a" and "70" in quarantined[0]["detail"]
