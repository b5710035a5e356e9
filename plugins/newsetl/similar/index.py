"""Similarity indexes kept in the warehouse: what later batches are compared against.

Runs inside the load transaction, where the whole archive is visible and one writer holds
the file: each new article gets its MinHash signature and LSH band keys
(``raw.article_signatures``), so ``int_articles_flagged_as_duplicates`` joins articles on equal
band keys instead of comparing every pair.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from newsetl.similar.minhash import text_signature

if TYPE_CHECKING:
    import duckdb

# Articles read per query: bounds memory when a batch holds many (or very long) texts.
FETCH_ARTICLES = 64
SIGNATURE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("shingle_count", pa.int64()),
    ("minhash", pa.list_(pa.uint32())), ("band_keys", pa.list_(pa.int64())),
])


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def index_articles(con: duckdb.DuckDBPyConnection, batch_id: str) -> int:
    """Write the signatures of the batch's articles and of any article still without one.

    Articles of the batch are signed again (a retried load replaces them by key, so their
    signatures are replaced too); older unsigned articles are those loaded before signatures
    existed. An article whose text has no word gets no signature: it is never a duplicate.

    Returns:
        Articles signed.
    """
    # articles a batch cleaned again may be cut differently: their old parts leave no signature
    con.execute("delete from raw.article_signatures where article_id not in (select article_id from raw.articles)")
    article_ids = [row[0] for row in con.execute(
        "select article_id from raw.articles where batch_id = ? union "
        "select article_id from raw.articles anti join raw.article_signatures using (article_id) "
        "order by article_id", [batch_id]).fetchall()]
    for chunk in _chunks(article_ids, FETCH_ARTICLES):
        texts = con.execute("select article_id, clean_text from raw.articles where article_id in "
                            "(select unnest(?::varchar[]))", [list(chunk)]).fetchall()
        rows = []
        for article_id, text in texts:
            signature = text_signature(text)
            if signature:
                rows.append({"article_id": article_id, "shingle_count": signature.shingle_count,
                             "minhash": list(signature.minhash), "band_keys": list(signature.band_keys)})
        con.execute("delete from raw.article_signatures where article_id in (select unnest(?::varchar[]))",
                    [list(chunk)])
        con.register("signed_articles", pa.Table.from_pylist(rows, schema=SIGNATURE_SCHEMA))
        con.execute("insert into raw.article_signatures by name select * from signed_articles")
        con.unregister("signed_articles")
    return len(article_ids)

