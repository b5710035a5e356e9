"""Similarity indexes kept in the warehouse: what later batches are compared against.

Runs inside the load transaction, where the whole archive is visible and one writer holds
the file: each new article gets its MinHash signature and LSH band keys
(``raw.article_signatures``), so ``int_articles_flagged_as_duplicates`` joins articles on equal
band keys instead of comparing every pair; each new quote joins (or merges, or starts) a
statement cluster (``raw.quote_cluster_members``), compared only with the quotes that share one
of its LSH keys (``raw.quote_lsh_keys``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from newsetl.resolve import name_key, surname_key
from newsetl.similar.minhash import text_signature
from newsetl.similar.quotes import QuoteFeatures, lsh_keys, quote_features, same_statement

if TYPE_CHECKING:
    import duckdb

    from newsetl.settings import Settings

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


MEMBER_SCHEMA = pa.schema([
    ("quote_id", pa.string()), ("block_key", pa.string()), ("language", pa.string()),
    ("grams", pa.list_(pa.uint32())), ("numbers", pa.list_(pa.string())), ("is_negated", pa.bool_()),
    ("cluster_key", pa.string()),
])
KEY_SCHEMA = pa.schema([("lsh_key", pa.int64()), ("quote_id", pa.string())])
MERGED_SCHEMA = pa.schema([("old_key", pa.string()), ("new_key", pa.string())])
NEW_QUOTES_SQL = """
    select quotes.quote_id, quotes.quote_text, quotes.speaker_text, mentions.article_key, articles.language
    from raw.quotes as quotes
    inner join raw.articles as articles on quotes.article_id = articles.article_id
    left join raw.mentions as mentions on quotes.speaker_mention_id = mentions.mention_id
    where quotes.quote_id not in (select quote_id from raw.quote_cluster_members)
    order by quotes.quote_id
"""
CANDIDATES_SQL = """
    select distinct new_keys.quote_id, other_keys.quote_id
    from raw.quote_lsh_keys as new_keys
    inner join raw.quote_lsh_keys as other_keys
        on new_keys.lsh_key = other_keys.lsh_key and new_keys.quote_id <> other_keys.quote_id
    where new_keys.quote_id in (select unnest(?::varchar[]))
"""


def block_key(speaker_text: str | None, speaker_article_key: str | None) -> str | None:
    """The folded surname of a named speaker; None for an unnamed one ("officials", "a source").

    The named mention's key is preferred ("Sergey Lavrov" and a bare "Lavrov" meet on "lvrv");
    without one, a speaker written as a name (every word capitalised) still counts.
    """
    if speaker_article_key:
        return surname_key(speaker_article_key)
    words = (speaker_text or "").split()
    if words and all(word[:1].isupper() for word in words):
        return surname_key(name_key(speaker_text)) or None
    return None


def _new_members(rows: list[tuple], settings: Settings) -> tuple[list[dict], list[dict]]:
    """Member rows (each its own cluster so far) and LSH key rows of new quotes."""
    members, keys = [], []
    for quote_id, text, speaker_text, article_key, language in rows:
        features = quote_features(text, language)
        block = block_key(speaker_text, article_key)
        if features.word_count < settings.quote_cluster_min_words:
            block = None
        members.append({"quote_id": quote_id, "block_key": block, "language": language,
                        "grams": sorted(features.grams), "numbers": sorted(features.numbers),
                        "is_negated": features.is_negated, "cluster_key": quote_id})
        if block is not None:
            keys += [{"lsh_key": key, "quote_id": quote_id} for key in lsh_keys(features, block)]
    return members, keys


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], schema: pa.Schema) -> None:
    con.register("new_rows", pa.Table.from_pylist(rows, schema=schema))
    con.execute(f"insert into {table} by name select * from new_rows")
    con.unregister("new_rows")


def _linked_pairs(con: duckdb.DuckDBPyConnection, new_ids: list[str], settings: Settings) -> list[tuple[str, str]]:
    """(cluster_key, cluster_key) of each candidate pair that reports one statement."""
    # two new quotes sharing a key come back in both orders: same_statement is symmetric, so the
    # pair is compared once (half the comparisons of a batch whose quotes repeat across outlets)
    new = set(new_ids)
    pairs = [(left, right) for left, right in con.execute(CANDIDATES_SQL, [new_ids]).fetchall()
             if not (right in new and right < left)]
    involved = sorted({quote_id for pair in pairs for quote_id in pair})
    features, clusters = {}, {}
    for quote_id, language, grams, numbers, negated, cluster in con.execute(
            "select quote_id, language, grams, numbers, is_negated, cluster_key from raw.quote_cluster_members "
            "where quote_id in (select unnest(?::varchar[]))", [involved]).fetchall():
        features[quote_id] = QuoteFeatures(frozenset(grams), frozenset(numbers), negated, language, 0)
        clusters[quote_id] = cluster
    return [(clusters[left], clusters[right]) for left, right in pairs
            if same_statement(features[left], features[right], min_similarity=settings.quote_cluster_min_similarity,
                              min_similarity_across_languages=settings.quote_cluster_min_similarity_across_languages)]


def _components(links: list[tuple[str, str]]) -> dict[str, str]:
    """Union-find over cluster keys: each key -> the smallest key of its connected component."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for left, right in links:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {key: root(key) for key in parent}


def index_quotes(con: duckdb.DuckDBPyConnection, settings: Settings) -> int:
    """Place every quote not yet clustered into the statement clusters, merging where it links them.

    A cluster is a connected component of the "same statement" relation (``same_statement``)
    among quotes of one block, so its content does not depend on the order batches arrive; its
    key is its smallest quote_id. A new quote is compared only with quotes sharing an LSH key:
    the existing clusters are extended or merged, never recomputed.

    Returns:
        Quotes placed.
    """
    rows = con.execute(NEW_QUOTES_SQL).fetchall()
    if not rows:
        return 0
    members, keys = _new_members(rows, settings)
    _insert(con, "raw.quote_cluster_members", members, MEMBER_SCHEMA)
    _insert(con, "raw.quote_lsh_keys", keys, KEY_SCHEMA)
    merged = [{"old_key": key, "new_key": new_key} for key, new_key in
              _components(_linked_pairs(con, [m["quote_id"] for m in members], settings)).items() if key != new_key]
    if merged:
        # One update joined to the old -> new key map: an update per merged cluster scanned the
        # table each time (11 of 30 s of index_quotes on the 1,000 documents of make bench).
        con.register("merged_keys", pa.Table.from_pylist(merged, schema=MERGED_SCHEMA))
        con.execute("update raw.quote_cluster_members set cluster_key = merged_keys.new_key from merged_keys "
                    "where raw.quote_cluster_members.cluster_key = merged_keys.old_key")
        con.unregister("merged_keys")
    return len(members)
