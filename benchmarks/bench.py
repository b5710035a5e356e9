"""Throughput, rerun cost and memory of the whole pipeline on real news text (``make bench``).

What it measures, on a corpus of ``BENCH_DOCS`` documents built from the real articles under
``../shared/corpus`` (read at bench time, never copied into the project):

- the end-to-end pipeline (``newsetl run``: ingest, clean, language, spaCy extraction, load,
  dbt build, publish; no dbt docs, which the CLI does not generate) in a child process, its wall
  time and its peak memory;
- the CPU seconds of each stage of that run (``benchmarks/stages.py``): the fixed cost around
  the parse, stage by stage;
- a rerun on the same inbox, which finds nothing new (``noop_rerun_ratio``);
- bare spaCy ``nlp.pipe`` over the same clean texts, same model and batch size, same machine:
  the ceiling the pipeline is compared with (``ratio``);
- the sharded path the ingest DAG fans out (plan, one process per shard, one load) at 1, 2 and
  4 shards, ingest to raw tables only (no dbt), on the first ``BENCH_SHARD_DOCS`` (200)
  documents, since each shard count parses them all again.

Why these: spaCy parsing is the irreducible cost of the pipeline, so ``ratio`` says how much the
rest (I/O, cleaning, rules, DuckDB, dbt) adds; ``cpu_ratio`` is the same ratio in CPU seconds (the
pipeline process with dbt under it, against the bare parse's process), which other jobs on a
shared machine stretch far less than the wall clock; the no-op rerun is what the hourly schedule pays
most of the time; peak memory at 1k and 5k documents shows whether a batch is streamed or held.

The corpus is made big enough by repeating the source articles, each copy in its own folder
(an "outlet", so the cross-document boilerplate evidence sees each article once per outlet) with
one distinct, realistic closing sentence so the content-hash deduplication treats it as new.

The last line printed is machine-readable:
``bench docs=N pipeline_docs_per_s=X spacy_docs_per_s=Y ratio=R noop_rerun_ratio=Q peak_rss_mb=M
pipeline_cpu_s=C spacy_cpu_s=S cpu_ratio=K``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
PYTHON = Path(sys.executable)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The child process runs the CLI's own entry point and reports its own peak RSS (dbt, a
# grandchild, is not counted: the figure is the pipeline process's memory) and the CPU seconds
# of each stage (benchmarks/stages.py; a few thousand getrusage calls, milliseconds in all).
CHILD = f"""
import json, resource, sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import stages
stages.timed_stages()
from newsetl.cli import main
status = main(sys.argv[1:])
print("BENCH_MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
print("BENCH_STAGES", json.dumps(stages.report(stages.cpu_seconds())), file=sys.stderr)
sys.exit(status)
"""


def base_articles(corpus: Path) -> list[tuple[str, str]]:
    """(file stem, text) of the real English news texts: PolNeAR .txt files and OneStopEnglish."""
    polnear = sorted((corpus / "polnear_dev" / "inbox").glob("*.txt"))
    articles = [(p.stem, p.read_text(encoding="utf-8")) for p in polnear]
    onestop = corpus / "news_onestopenglish" / "articles.jsonl"
    if onestop.exists():
        for line in onestop.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            articles.append((item["id"], f"{item['title']}\n\n{item['text']}"))
    if not articles:
        raise SystemExit(f"no corpus under {corpus}: the benchmark reads ../shared/corpus")
    return articles


def closing_sentence(copy: int) -> str:
    """A distinct, plausible last paragraph for the ``copy``-th repeat of an article."""
    return (f"Officials said on {WEEKDAYS[copy % 7]} that a further {120 + 37 * copy} people had "
            f"registered for the public hearing, the {copy}th held on the matter this year.")


def corpus_documents(n_docs: int, corpus: Path) -> Iterator[tuple[str, str]]:
    """``n_docs`` (relative path, text) pairs: the real articles, then numbered copies."""
    articles = base_articles(corpus)
    for i in range(n_docs):
        copy, (stem, text) = divmod(i, len(articles))[0], articles[i % len(articles)]
        if copy:
            text = text.rstrip("\n") + "\n\n" + closing_sentence(copy) + "\n"
        yield f"outlet{copy:02d}/{stem}.txt", text


def build_inbox(inbox: Path, n_docs: int, corpus: Path) -> int:
    """Write the benchmark inbox; returns its size in bytes."""
    size = 0
    for relative, text in corpus_documents(n_docs, corpus):
        path = inbox / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        size += path.write_text(text, encoding="utf-8")
    return size


def bench_env(work: Path) -> dict[str, str]:
    """Every pipeline path inside the scratch folder."""
    data = work / "data"
    return {**os.environ, "NEWSETL_WAREHOUSE": str(data / "warehouse.duckdb"),
            "NEWSETL_PUBLISHED": str(data / "published" / "warehouse.duckdb"),
            "NEWSETL_PARQUET_DIR": str(data / "published" / "parquet"),
            "NEWSETL_STAGING_DIR": str(data / "staging"), "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def _children_cpu() -> float:
    """CPU seconds of this process's finished children and theirs (dbt under ``newsetl run``)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_pipeline(inbox: Path, work: Path) -> tuple[float, float, float, list[tuple[str, float]]]:
    """``newsetl run`` in a child process: (wall seconds, CPU seconds, the child's peak RSS in MB,
    the CPU seconds of each stage)."""
    warehouse = work / "data" / "warehouse.duckdb"
    command = [str(PYTHON), "-c", CHILD, "run", "--inbox", str(inbox), "--warehouse", str(warehouse)]
    started, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(command, env=bench_env(work), capture_output=True, text=True, check=False)
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"newsetl run failed ({result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    lines = result.stderr.splitlines()
    rss_kb = next(int(line.split()[1]) for line in lines if line.startswith("BENCH_MAXRSS_KB"))
    split = next(json.loads(line.split(" ", 1)[1]) for line in lines if line.startswith("BENCH_STAGES"))
    return elapsed, cpu, rss_kb / 1024, [(stage, seconds) for stage, seconds in split]


def clean_texts(warehouse: Path) -> list[str]:
    """The English clean texts the pipeline parsed, in load order."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [t for (t,) in con.execute(
            "select clean_text from raw.articles where language = 'en' order by article_id").fetchall()]


def time_spacy(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of bare ``nlp.pipe`` over ``texts`` (model loading excluded), same settings."""
    from newsetl.extract.nlp import load_nlp
    from newsetl.settings import get_settings

    nlp = load_nlp("en")
    for _ in nlp.pipe(texts[:4], batch_size=get_settings().nlp_batch_size):
        pass  # warm-up: first-call allocations are not throughput
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=get_settings().nlp_batch_size):
        pass
    return time.perf_counter() - started, time.process_time() - cpu


SHARDED_CHILD = """
import json, sys, time
from pathlib import Path
from newsetl.fanout import run_sharded
inbox, work, shards = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
started = time.perf_counter()
counts = run_sharded(inbox, work / "warehouse.duckdb", work / "staging", shards=shards)
print(json.dumps({"seconds": time.perf_counter() - started, **counts}))
"""


def time_sharded(inbox: Path, work: Path, shards: int) -> float | None:
    """Seconds to stage, process ``shards`` shards in parallel processes and load (no dbt)."""
    try:
        import newsetl.fanout  # noqa: F401
    except ImportError:
        return None
    target = work / f"shards{shards}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    result = subprocess.run([str(PYTHON), "-c", SHARDED_CHILD, str(inbox), str(target), str(shards)],
                            env=bench_env(target), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"sharded run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])["seconds"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=int(os.environ.get("BENCH_DOCS", "1000")))
    parser.add_argument("--shards", default=os.environ.get("BENCH_SHARDS", "1,2,4"),
                        help="comma-separated shard counts to time; empty to skip")
    parser.add_argument("--shard-docs", type=int, default=int(os.environ.get("BENCH_SHARD_DOCS", "200")),
                        help="documents for the shard timings (each count re-parses them all)")
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="newsetl-bench-"))
    try:
        inbox = work / "inbox"
        size = build_inbox(inbox, args.docs, args.corpus)
        full_s, full_cpu, rss_mb, split = run_pipeline(inbox, work / "run")
        load_during_run = os.getloadavg()
        noop_s, _, _, _ = run_pipeline(inbox, work / "run")
        texts = clean_texts(work / "run" / "data" / "warehouse.duckdb")
        spacy_s, spacy_cpu = time_spacy(texts)
        shard_docs = min(args.shard_docs, args.docs)
        build_inbox(work / "shard_inbox", shard_docs, args.corpus)
        shard_s = {n: time_sharded(work / "shard_inbox", work, n)
                   for n in (int(s) for s in args.shards.split(",") if s)}
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    pipeline_rate, spacy_rate = args.docs / full_s, len(texts) / spacy_s
    cpu_ratio = (args.docs / full_cpu) / (len(texts) / spacy_cpu)
    rows = [
        ("corpus", f"{args.docs} documents, {size / 1e6:.1f} MB, {len(texts)} English articles parsed"),
        ("pipeline (newsetl run)", f"{full_s:.1f} s  {pipeline_rate:.2f} docs/s  {full_cpu:.1f} CPU s  "
                                   f"peak RSS {rss_mb:.0f} MB"),
        ("no-op rerun", f"{noop_s:.2f} s  ({noop_s / full_s:.3f} of a full run)"),
        ("bare spaCy nlp.pipe", f"{spacy_s:.1f} s  {spacy_rate:.2f} docs/s  {spacy_cpu:.1f} CPU s"),
        ("load average (1, 5 min) after the run", f"{load_during_run[0]:.1f}, {load_during_run[1]:.1f}"),
        ("load average (1, 5 min) at the end", f"{os.getloadavg()[0]:.1f}, {os.getloadavg()[1]:.1f}"),
    ]
    rows += [(f"  CPU s: {stage}", f"{seconds:.1f}") for stage, seconds in split]
    for n, seconds in shard_s.items():
        rows.append((f"fan-out, {n} shard(s), {shard_docs} docs to raw", "n/a" if seconds is None
                     else f"{seconds:.1f} s  {shard_docs / seconds:.2f} docs/s"))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(f"bench docs={args.docs} pipeline_docs_per_s={pipeline_rate:.2f} spacy_docs_per_s={spacy_rate:.2f} "
          f"ratio={pipeline_rate / spacy_rate:.3f} noop_rerun_ratio={noop_s / full_s:.3f} peak_rss_mb={rss_mb:.0f} "
          f"pipeline_cpu_s={full_cpu:.1f} spacy_cpu_s={spacy_cpu:.1f} cpu_ratio={cpu_ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
