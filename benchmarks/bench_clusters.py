"""How statement clustering and duplicate signing grow with volume (``make bench-clusters``).

Quotes are synthesised from real news sentences (the OneStopEnglish articles under
``../shared/corpus``, read at bench time, never copied into the project): each sentence becomes
one statement by a speaker drawn from a few hundred surnames (a few speakers take most quotes,
as in news), reported one to four times: verbatim, with other quotation marks and case, as a
shorter excerpt, or with a word dropped. The quotes go through the load stage's
``index_quotes`` in batches of ``BATCH`` on an in-memory DuckDB, as successive loads would, at
1x, 4x and 16x the base volume. Linear growth means the 16x run takes about 16 times the 1x
run; the time of the last batch shows what one more batch costs against a bigger archive.

Then ``text_signature`` (article duplicate detection) on one-line texts of 10k, 100k and 1M
characters: the cost per character should stay flat.

The last line printed is machine-readable:
``bench-clusters quotes=A,B,C seconds=X,Y,Z growth_4x=G growth_16x=H sign_ms_10k=... sign_ms_100k=...
sign_ms_1m=...``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from newsetl.load.warehouse import SCHEMA_SQL
from newsetl.settings import get_settings
from newsetl.similar import index_quotes, text_signature

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "news_onestopenglish" / "articles.jsonl"
SENTENCE = re.compile(r"(?<=[.!?])\s+")
BATCH = 1000
SURNAMES = [f"{a}{b}" for a in ("Kar", "Mol", "Ben", "Tor", "Vas", "Lin", "Ade", "Sor", "Hal", "Nov",
                                 "Pet", "Ols", "Mar", "Qua", "Rey", "Fal", "Gut", "Ish", "Jov", "Kel")
            for b in ("son", "ova", "ez", "ski", "ier", "ani", "dal", "berg", "ulu", "etti", "ard", "ov")]


def sentences(limit: int) -> list[str]:
    """Sentences of 8 to 40 words from the real articles, in a fixed order."""
    found = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        for sentence in SENTENCE.split(json.loads(line)["text"].replace("\n", " ")):
            if 8 <= len(sentence.split()) <= 40:
                found.append(sentence.strip())
    if len(found) < limit:
        raise SystemExit(f"only {len(found)} sentences in {CORPUS}; ask for fewer statements")
    return found[:limit]


def reports(statements: int, rng: random.Random) -> list[dict]:
    """Quote rows: every statement reported 1-4 times by one speaker, in shuffled order."""
    rows = []
    for number, sentence in enumerate(sentences(statements)):
        speaker = SURNAMES[min(int(rng.paretovariate(1.2)) - 1, len(SURNAMES) - 1) if rng.random() < 0.5
                           else rng.randrange(len(SURNAMES))]
        words = sentence.split()
        variants = [sentence, f"“{sentence.upper()}”", " ".join(words[2:-2]),
                    " ".join(w for i, w in enumerate(words) if i != len(words) // 2)]
        for variant in variants[: rng.randint(1, 4)]:
            rows.append({"quote_id": f"a{len(rows):07d}:q0", "text": variant, "speaker": speaker, "statement": number})
    rng.shuffle(rows)
    return rows


def load(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """The batch's articles, speaker mentions and quotes, as the load stage writes them."""
    loaded_at = datetime(2026, 1, 14, 9, 0)
    tables = {
        "raw.articles": [{"article_id": r["quote_id"][:8], "document_id": r["quote_id"][:8], "source_part": 0,
                          "clean_text": r["text"], "raw_char_count": len(r["text"]), "boilerplate_chars_removed": 0,
                          "language": "en", "language_confidence": 1.0, "extraction_status": "ok",
                          "batch_id": "bench", "ingested_at": loaded_at} for r in rows],
        "raw.mentions": [{"mention_id": r["quote_id"] + "m", "article_id": r["quote_id"][:8],
                          "mention_text": r["speaker"], "entity_label": "PERSON", "actor_type": "person",
                          "name_key": r["speaker"].lower(), "article_key": r["speaker"].lower(),
                          "link_method": "exact", "start_char": 0, "end_char": 5, "sentence_index": 0} for r in rows],
        "raw.quotes": [{"quote_id": r["quote_id"], "article_id": r["quote_id"][:8], "quote_text": r["text"],
                        "quote_type": "direct", "speaker_text": r["speaker"], "speaker_mention_id": r["quote_id"] + "m",
                        "start_char": 0, "end_char": len(r["text"]), "sentence_index": 0} for r in rows],
    }
    for name, table_rows in tables.items():
        con.register("bench_rows", pa.Table.from_pylist(table_rows))
        con.execute(f"insert into {name} by name select * from bench_rows")
        con.unregister("bench_rows")


def run_scale(statements: int) -> tuple[int, float, float, float]:
    """Quotes, total seconds, last batch's ms per quote, and purity (clusters holding one statement)."""
    rows = reports(statements, random.Random(statements))
    con = duckdb.connect()
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    settings = get_settings()
    total, last = 0.0, 0.0
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        load(con, batch)
        started = time.perf_counter()
        index_quotes(con, settings)
        last = time.perf_counter() - started
        total += last
    statement_of = {r["quote_id"]: r["statement"] for r in rows}
    members: dict[str, set[int]] = {}
    for quote_id, key in con.execute("select quote_id, cluster_key from raw.quote_cluster_members").fetchall():
        members.setdefault(key, set()).add(statement_of[quote_id])
    purity = sum(len(s) == 1 for s in members.values()) / len(members)
    return len(rows), total, 1000 * last / len(rows[-BATCH:]), purity


def signing_ms(chars: int) -> float:
    words = [w for line in CORPUS.read_text(encoding="utf-8").splitlines()[:50]
             for w in json.loads(line)["text"].split()]
    text = " ".join(random.Random(chars).choices(words, k=chars // 4))[:chars]
    started = time.perf_counter()
    text_signature(text)
    return 1000 * (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1000, help="statements at 1x (default 1000)")
    args = parser.parse_args()
    results = {scale: run_scale(args.statements * scale) for scale in (1, 4, 16)}
    print(f"{'scale':>5} {'quotes':>7} {'seconds':>8} {'last batch ms/quote':>20} {'one-statement clusters':>23}")
    for scale, (quotes, seconds, per_quote, purity) in results.items():
        print(f"{scale:>4}x {quotes:>7} {seconds:>8.2f} {per_quote:>20.3f} {purity:>23.3f}")
    signing = {label: signing_ms(chars) for label, chars in (("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000))}
    print("article signing: " + ", ".join(f"{label} chars {ms:.0f} ms" for label, ms in signing.items()))
    seconds = [results[s][1] for s in (1, 4, 16)]
    print(f"bench-clusters quotes={','.join(str(results[s][0]) for s in (1, 4, 16))} "
          f"seconds={','.join(f'{x:.2f}' for x in seconds)} growth_4x={seconds[1] / seconds[0]:.2f} "
          f"growth_16x={seconds[2] / seconds[0]:.2f} "
          + " ".join(f"sign_ms_{label}={ms:.0f}" for label, ms in signing.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
