"""Reading an inbox: every file becomes a document or a rejection with a reason."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsetl.ingest import InboxNotFoundError, read_inbox
from newsetl.records import RawDocument, Rejection

ARTICLE = (
    "Libyan peace talks fall short\n\n"
    "Libya’s warring leaders made progress at indirect peace talks in Moscow but failed to agree an "
    "open-ended ceasefire to end a nine-month war over Tripoli.\n"
)
PAGE = (
    "<html><head><title>Libyan peace talks fall short</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Libyan peace talks fall short</h1>"
    "<p>Libya’s warring leaders made progress at indirect peace talks in Moscow but failed to agree an "
    "open-ended ceasefire to end a nine-month war over Tripoli.</p><p>In talks lasting eight hours, "
    "mediators Russia and Turkey urged the rivals to sign a binding truce and pave the way for a "
    "settlement to stabilise the North African country.</p></article><footer>Contact us</footer></body></html>"
)


def read_all(inbox: Path, max_bytes: int = 10_000_000) -> dict[str, RawDocument | Rejection]:
    return {Path(item.source_uri).name: item for item in read_inbox(inbox, max_bytes=max_bytes)}


def test_plain_text_html_and_json_lines_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    lines = [json.dumps({"id": "1", "title": "T", "text": ARTICLE, "source": "Reuters",
                         "published": "2020-01-14T10:00:00Z"})]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = read_all(tmp_path)
    assert items["a.txt"].input_format == "txt"
    assert "binding truce" in items["b.html"].text and "Home" not in items["b.html"].text
    assert items["b.html"].title == "Libyan peace talks fall short"
    assert items["c.jsonl#L1"].source_name == "Reuters"
    assert items["c.jsonl#L1"].published_at.year == 2020


def test_the_same_content_gets_the_same_id_under_any_name(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "two.txt").write_text(ARTICLE, encoding="utf-8")
    items = read_all(tmp_path)
    assert items["one.txt"].document_id == items["two.txt"].document_id


@pytest.mark.parametrize(
    ("line", "reason"),
    [("{not json", "malformed_json"), ("[1, 2]", "not_an_object"), ('{"title": "only a title"}', "missing_text")],
)
def test_bad_json_lines_are_rejected_and_good_ones_kept(tmp_path: Path, line: str, reason: str) -> None:
    good = json.dumps({"text": ARTICLE})
    (tmp_path / "feed.jsonl").write_text(f"{good}\n{line}\n{good.replace('Moscow', 'Berlin')}\n", encoding="utf-8")
    items = read_all(tmp_path)
    assert items["feed.jsonl#L2"].reason == reason
    assert isinstance(items["feed.jsonl#L1"], RawDocument) and isinstance(items["feed.jsonl#L3"], RawDocument)


def test_html_without_main_content_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert read_all(tmp_path)["menu.html"].reason == "no_main_content"


def test_files_over_the_size_limit_are_rejected_unread(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(ARTICLE * 100, encoding="utf-8")
    rejection = read_all(tmp_path, max_bytes=1000)["big.txt"]
    assert rejection.reason == "too_large" and "1000-byte limit" in rejection.detail


def test_hidden_files_and_unsupported_types_are_rejected(tmp_path: Path) -> None:
    (tmp_path / ".draft.txt").write_text(ARTICLE)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    items = read_all(tmp_path)
    assert items[".draft.txt"].reason == "hidden"
    assert items["photo.jpg"].reason == "unsupported_type"


def test_symlinks_are_never_followed_out_of_the_inbox(tmp_path: Path) -> None:
    inbox, outside = tmp_path / "inbox", tmp_path / "secret"
    inbox.mkdir()
    outside.mkdir()
    (outside / "private.txt").write_text("not for the warehouse, ever")
    os.symlink(outside / "private.txt", inbox / "link.txt")
    os.symlink(outside, inbox / "linked_folder")
    items = read_all(inbox)
    assert items["link.txt"].reason == "symlink"
    assert items["linked_folder"].reason == "symlink"
    assert not any(isinstance(i, RawDocument) for i in items.values())


def test_a_missing_inbox_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InboxNotFoundError, match="does not exist"):
        list(read_inbox(tmp_path / "nowhere", max_bytes=1000))
