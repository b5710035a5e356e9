"""Soak: one ``newsetl run`` over every real corpus in ``../shared/corpus`` (``make soak``).

The corpora, each in its own inbox subfolder, in the format it ships in: the PolNeAR train and
dev articles and the seed articles (``.txt``), the article-extraction benchmark and trafilatura
evaluation pages (``.html``), the One Stop English articles and the Universal Dependencies PUD
sentences in nine languages (``.jsonl``, one document per line). Files are copied (the inbox
never follows a symlink) into a scratch folder, never into the repository.

Fails (exit 1) on a crash or a traceback, on a failed dbt test (``newsetl run`` exits non-zero
and says so), and on any lost document: every input file and every non-blank JSON line must be
in ``raw.documents`` or ``audit.rejected_inputs``. The last line is the summary:
``soak documents=N articles=A rejects=reason:n,... quarantined=Q(reason:n,...) seconds=S
peak_rss_mb=M lost=0``, where the peak is the largest resident size of the run's processes.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
NEWSETL = Path(sys.executable).with_name("newsetl")
# Inbox subfolder <- files of the shared corpus (relative glob).
CORPORA = {
    "polnear_train": "polnear_train/inbox/*.txt",
    "polnear_dev": "polnear_dev/inbox/*.txt",
    "seeds": "seeds/*.txt",
    "aeb_scrapinghub": "aeb_scrapinghub/html/*.html",
    "trafilatura_eval_en_news": "trafilatura_eval_en_news/html/*.html",
    "news_onestopenglish": "news_onestopenglish/articles.jsonl",
    "langid_pud": "langid_pud/langid_pud.jsonl",
}


def build_inbox(corpus: Path, inbox: Path) -> set[str]:
    """Copy every corpus into ``inbox``; return the source URIs every input must end up under."""
    expected: set[str] = set()
    for folder, pattern in CORPORA.items():
        target = inbox / folder
        target.mkdir(parents=True, exist_ok=True)
        files = sorted(corpus.glob(pattern))
        if not files:
            raise SystemExit(f"soak: no files for {pattern} under {corpus}")
        for source in files:
            copy = target / source.name
            shutil.copyfile(source, copy)
            if copy.suffix == ".jsonl":
                lines = copy.read_text(encoding="utf-8").split("\n")
                expected |= {f"{copy}#L{n}" for n, line in enumerate(lines, 1) if line.strip()}
            else:
                expected.add(str(copy))
    return expected


def _by_reason(con: duckdb.DuckDBPyConnection, table: str) -> str:
    counts = con.execute(f"select reason, count(*) from {table} group by 1 order by 2 desc, 1").fetchall()
    return ",".join(f"{reason}:{n}" for reason, n in counts) or "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    parser.add_argument("--work", type=Path, default=PROJECT_ROOT / "data" / "soak",
                        help="scratch folder (emptied first): inbox, warehouse, published copy")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    inbox, warehouse = args.work / "inbox", args.work / "warehouse.duckdb"
    expected = build_inbox(args.corpus.resolve(), inbox)
    print(f"soak: {len(expected)} inputs from {len(CORPORA)} corpora in {inbox}", flush=True)

    started = time.monotonic()
    with open(args.work / "run.log", "w", encoding="utf-8") as log:
        result = subprocess.run([str(NEWSETL), "run", "--inbox", str(inbox), "--warehouse", str(warehouse)],
                                stdout=log, stderr=subprocess.STDOUT, env=os.environ, check=False)
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    output = (args.work / "run.log").read_text(encoding="utf-8", errors="replace")
    print(output[-3000:])

    with duckdb.connect(str(warehouse), read_only=True) as con:
        accounted = {u for (u,) in con.execute(
            "select source_uri from raw.documents union select source_uri from audit.rejected_inputs").fetchall()}
        documents = con.execute("select count(*) from raw.documents").fetchone()[0]
        articles = con.execute("select count(*) from raw.articles").fetchone()[0]
        rejects = _by_reason(con, "audit.rejected_inputs")
        quarantined = con.execute("select count(*) from audit.quarantined_rows").fetchone()[0]
        quarantine_reasons = _by_reason(con, "audit.quarantined_rows")
    lost = sorted(expected - accounted)
    for uri in lost[:20]:
        print(f"soak: LOST {uri}")
    print(f"soak inputs={len(expected)} documents={documents} articles={articles} rejects={rejects} "
          f"quarantined={quarantined}({quarantine_reasons}) seconds={seconds:.0f} peak_rss_mb={peak_mb:.0f} "
          f"lost={len(lost)} exit={result.returncode}")
    failed = result.returncode != 0 or "Traceback" in output or lost
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
