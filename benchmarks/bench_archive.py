"""What an hourly batch costs on an archive (``make bench-archive``).

A warehouse of ``--articles`` synthetic articles (default 200,000) is loaded directly into the
raw tables (the NLP is not what is measured), its marts built once, and then one hourly batch of
``--batch`` new articles (default 500) goes through load, ``dbt build`` and publish, timed; the same
batch is timed on an empty warehouse, and a no-op (``dbt build`` and publish with nothing new: what
the warehouse DAG costs when triggered without a load; ``newsetl run`` itself stops after its inbox
scan then) on the big one.

The articles vary real ones: a template warehouse is built with ``newsetl run`` from
``--template-inbox`` (default the first 40 documents of ../shared/corpus/polnear_train/inbox)
and each synthetic article copies one template article's text, lines, quotes and mentions under
its own content-hash ids, a closing line of its own, a publication time (the archive spread
evenly over ``--days``, default 365: a newsroom's year, so 200,000 articles are about 23 an hour
and a story window of 72 hours holds about 1,600 of them; the batch in the hour after the
archive's last article), and other names: every name is replaced, per copy, by one of a pool
of synthetic names varied from the template's (``bench_actors.synthetic_names``, one name per ten
articles), so the actor resolution has an archive of names to resolve. The near-duplicate and
statement LSH keys of the archive are re-hashed per copy, so copies are not all duplicates of
each other; the hourly batch's are computed by the real load from its texts.

The last line: ``bench_archive articles=N batch=B big_s=X empty_s=Y noop_s=Z peak_rss_mb=M
ratio=R`` (R = X / Y, target at most 2; peak memory target under 4 GB).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_actors import real_names, synthetic_names  # noqa: E402

from newsetl import pipeline  # noqa: E402
from newsetl.cli import main as newsetl_main  # noqa: E402
from newsetl.load import load_batch  # noqa: E402
from newsetl.load.warehouse import SCHEMA_SQL  # noqa: E402
from newsetl.resolve import name_key  # noqa: E402
from newsetl.settings import Settings, get_settings  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
POLNEAR_INBOX = PROJECT_ROOT.parent / "shared" / "corpus" / "polnear_train" / "inbox"
BATCH_TABLES = {"documents": "raw.documents", "articles": "raw.articles", "quotes": "raw.quotes",
                "mentions": "raw.mentions", "blocks": "raw.article_blocks"}
ARTICLES_PER_NAME = 10
# Copies of one template name spread over this many pool names (a name recurs across articles).
NAME_SPREAD = 5000

# One synthetic article per k in [first, first + count): template article k % templates, ids
# hashed from k. Run on a connection with the template attached as `template` and the name pool
# registered as `pool`.
SYNTH_SQL = """
create or replace temp table copies as
select k, t.article_id as template_id, substr(md5('bench-archive:' || k), 1, 16) as document_id,
       'archive-' || (k // {batch}) as batch_id,
       timestamp '2025-01-01' + to_minutes(cast(case
           when k < {articles} then k * {span_minutes} // {articles}
           else {span_minutes} + (k - {articles}) * 60 // {batch}
       end as bigint)) as made_at
from range({first}, {first} + {count}) as r(k)
join (select article_id, row_number() over (order by article_id) - 1 as n from template.raw.articles) as t
    on t.n = k % (select count(*) from template.raw.articles);

insert into raw.documents by name
select c.document_id, 'bench://archive/' || c.k || '.txt' as source_uri, d.source_name, d.input_format,
       d.encoding, d.byte_count, null as url, c.made_at as published_at, c.batch_id, c.made_at as ingested_at,
       a.title, null as text, d.author, d.metadata_source, d.extractor, null as external_id
from copies c join template.raw.articles a on a.article_id = c.template_id
join template.raw.documents d on d.document_id = a.document_id;

insert into raw.articles by name
select c.document_id || ':0' as article_id, c.document_id, 0 as source_part, a.title,
       a.clean_text || chr(10) || 'Archive item ' || c.k || '.' as clean_text, a.raw_char_count,
       a.boilerplate_chars_removed, a.language, a.language_confidence, a.extraction_status,
       a.extraction_error, c.batch_id, c.made_at as ingested_at
from copies c join template.raw.articles a on a.article_id = c.template_id;

insert into raw.article_blocks by name
select c.document_id || ':0' as article_id, b.block_index, b.kind, b.start_char, b.end_char
from copies c join template.raw.article_blocks b on b.article_id = c.template_id;

create or replace temp table renamed as
select c.k, m.mention_id as template_mention_id, md5(c.k || ':' || m.mention_id) as mention_id,
       c.document_id || ':0' as article_id, m.* exclude (mention_id, article_id),
       hash(m.article_key || ':' || (c.k % {spread})) as pick
from copies c join template.raw.mentions m on m.article_id = c.template_id;

insert into raw.mentions by name
select r.mention_id, r.article_id, p.text as mention_text, r.entity_label, r.actor_type,
       p.key as name_key, p.key as article_key, 'exact' as link_method, r.start_char, r.end_char,
       r.sentence_index
from (
    select renamed.*, renamed.pick % sizes.names as n
    from renamed join (select actor_type, count(*) as names from pool group by actor_type) as sizes
        on sizes.actor_type = renamed.actor_type
) as r
join pool p on p.actor_type = r.actor_type and p.n = r.n;

insert into raw.quotes by name
select md5(c.k || ':' || q.quote_id) as quote_id, c.document_id || ':0' as article_id, q.quote_text,
       q.quote_type, q.speaker_text,
       case when q.speaker_mention_id is not null then md5(c.k || ':' || q.speaker_mention_id) end
           as speaker_mention_id,
       q.cue_verb, q.start_char, q.end_char, q.sentence_index, q.attribution_kind, q.extraction_method
from copies c join template.raw.quotes q on q.article_id = c.template_id;
"""

# The archive's own duplicate and statement index, re-hashed per copy (see the module docstring).
INDEX_SQL = """
insert into raw.article_signatures by name
select c.document_id || ':0' as article_id, s.shingle_count, s.minhash,
       list_transform(s.band_keys, lambda b: cast(hash(b, c.k) >> 1 as bigint)) as band_keys
from copies c join template.raw.article_signatures s on s.article_id = c.template_id;

insert into raw.quote_cluster_members by name
select md5(c.k || ':' || m.quote_id) as quote_id, m.block_key, m.language, m.grams, m.numbers,
       m.is_negated, md5(c.k || ':' || m.quote_id) as cluster_key
from copies c join template.raw.quotes q on q.article_id = c.template_id
join template.raw.quote_cluster_members m on m.quote_id = q.quote_id;

insert into raw.quote_lsh_keys by name
select cast(hash(l.lsh_key, c.k) >> 1 as bigint) as lsh_key, md5(c.k || ':' || l.quote_id) as quote_id
from copies c join template.raw.quotes q on q.article_id = c.template_id
join template.raw.quote_lsh_keys l on l.quote_id = q.quote_id;

insert into audit.load_batches
select batch_id, count(*), count(*), count(*), 0, min(made_at), max(made_at) from copies group by batch_id;
"""


def name_pool(template: Path, count: int) -> pa.Table:
    """``count`` synthetic names varied from the template's, numbered per actor type."""
    names = synthetic_names(real_names(template), count)
    numbered: dict[str, int] = {}
    rows = []
    for text, kind in names:
        rows.append({"actor_type": kind, "n": numbered.setdefault(kind, 0), "text": text, "key": name_key(text)})
        numbered[kind] += 1
    return pa.Table.from_pylist(rows)


@dataclasses.dataclass(frozen=True)
class Timeline:
    """``articles`` spread evenly over ``days``; later ones ``batch`` an hour after that."""

    articles: int
    days: float
    batch: int


def synthesize(warehouse: Path, template: Path, pool: pa.Table, first: int, count: int, timeline: Timeline, *,
               index: bool) -> None:
    """Articles ``first``..``first + count`` into the raw tables of ``warehouse``."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        con.execute(f"attach '{template}' as template (read_only)")
        con.register("pool", pool)
        con.execute(SYNTH_SQL.format(first=first, count=count, batch=timeline.batch, spread=NAME_SPREAD,
                                     articles=timeline.articles, span_minutes=int(timeline.days * 1440)))
        if index:
            con.execute(INDEX_SQL)


def write_batch(batch_dir: Path, template: Path, pool: pa.Table, timeline: Timeline) -> None:
    """The hourly batch as the stage leaves it: one Parquet file per batch table."""
    batch_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = batch_dir.parent / f"{batch_dir.name}.duckdb"
    synthesize(scratch, template, pool, timeline.articles, timeline.batch, timeline, index=False)
    batch_dir.mkdir(parents=True)
    with duckdb.connect(str(scratch)) as con:
        for table in ("raw.documents", "raw.articles"):
            con.execute(f"update {table} set batch_id = ?", [batch_dir.name])
        for name, table in BATCH_TABLES.items():
            con.execute(f"copy {table} to '{batch_dir / name}.parquet' (format parquet)")
    scratch.unlink()


def build_template(root: Path, inbox: Path, docs: int) -> Path:
    """The first ``docs`` documents of ``inbox`` through ``newsetl run``; its warehouse."""
    copied = root / "template_inbox"
    copied.mkdir()
    for path in sorted(p for p in inbox.iterdir() if p.is_file())[:docs]:
        shutil.copy(path, copied / path.name)
    template = root / "template" / "warehouse.duckdb"
    started = time.perf_counter()
    if newsetl_main(["run", "--inbox", str(copied), "--warehouse", str(template)]) != 0:
        sys.exit("the template run failed")
    print(f"template: {docs} documents through newsetl run, {time.perf_counter() - started:.0f} s")
    return template


def settings_for(root: Path) -> Settings:
    return dataclasses.replace(get_settings(), warehouse=root / "warehouse.duckdb",
                               published=root / "published" / "warehouse.duckdb",
                               parquet_dir=root / "published" / "parquet", staging_dir=root / "staging")


def hourly_run(settings: Settings, batch_dir: Path | None) -> dict[str, float]:
    """Load (when there is a batch), dbt build and publish; seconds of each and in all."""
    seconds = {}
    started = time.perf_counter()
    if batch_dir is not None:
        load_batch(batch_dir, settings.warehouse, batch_id=batch_dir.name, started_at=pipeline.utc_now())
    seconds["load"] = time.perf_counter() - started
    pipeline.build_marts(settings)
    seconds["dbt"] = time.perf_counter() - started - seconds["load"]
    pipeline.publish(settings)
    seconds["total"] = time.perf_counter() - started
    seconds["publish"] = seconds["total"] - seconds["load"] - seconds["dbt"]
    return seconds


def phases(seconds: dict[str, float]) -> str:
    return (f"{seconds['total']:.1f} s (load {seconds['load']:.1f}, dbt build {seconds['dbt']:.1f}, "
            f"publish {seconds['publish']:.1f})")


def slowest_nodes(target: Path, count: int = 6) -> str:
    """The dbt nodes of the last build that took longest, with their seconds."""
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    slowest = sorted(results, key=lambda r: -r["execution_time"])[:count]
    return ", ".join(f"{r['unique_id'].split('.')[-1][:40]} {r['execution_time']:.1f}" for r in slowest)


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--days", type=float, default=365,
                        help="the archive's articles are spread over this many days before the batch")
    parser.add_argument("--template-inbox", type=Path, default=POLNEAR_INBOX)
    parser.add_argument("--template-docs", type=int, default=40)
    parser.add_argument("--template", type=Path, help="a built warehouse to vary, instead of a template run")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (with the built archive, "
                        "archive.duckdb, for --archive)")
    parser.add_argument("--archive", type=Path, help="an archive.duckdb that a --keep run built with the same "
                        "--articles, --days and --template: skips synthesising and building it")
    args = parser.parse_args()
    # DuckDB spills to disk past this instead of growing until the kernel kills dbt.
    os.environ.setdefault("NEWSETL_DUCKDB_MEMORY_LIMIT", "4GB")
    root = Path(tempfile.mkdtemp(prefix="bench_archive_", dir=args.keep))
    # dbt's target and logs of these runs stay in the scratch folder, not the project's.
    os.environ["DBT_TARGET_PATH"], os.environ["DBT_LOG_PATH"] = str(root / "target"), str(root / "logs")
    try:
        template = args.template or build_template(root, args.template_inbox, args.template_docs)
        pool = name_pool(template, max(1000, args.articles // ARTICLES_PER_NAME))

        big, empty = settings_for(root / "big"), settings_for(root / "empty")
        for settings in (big, empty):
            settings.warehouse.parent.mkdir(parents=True)
        started = time.perf_counter()
        timeline = Timeline(args.articles, args.days, args.batch)
        if args.archive:
            shutil.copy(args.archive, big.warehouse)
            print(f"archive: {args.archive} (built before): build and first publish, {phases(hourly_run(big, None))}")
        else:
            synthesize(big.warehouse, template, pool, 0, args.articles, timeline, index=True)
            print(f"archive: {args.articles} articles into the raw tables, {time.perf_counter() - started:.0f} s")
            print(f"archive: first build and publish, {phases(hourly_run(big, None))}")
            if args.keep:
                shutil.copy(big.warehouse, root / "archive.duckdb")

        seconds = {}
        for name, settings in (("empty", empty), ("big", big)):
            batch_dir = settings.staging_dir / "hourly-batch"
            write_batch(batch_dir, template, pool, timeline)
            run = hourly_run(settings, batch_dir)
            seconds[name] = run["total"]
            print(f"hourly batch of {args.batch} on the {name} warehouse: {phases(run)}")
            print(f"  slowest dbt nodes (s): {slowest_nodes(root / 'target')}")
            shutil.copy(root / "target" / "run_results.json", root / f"run_results_{name}.json")
        run = hourly_run(big, None)
        seconds["noop"] = run["total"]
        print(f"no-op (dbt build and publish, nothing new) on the big warehouse: {phases(run)}")
        print(f"  slowest dbt nodes (s): {slowest_nodes(root / 'target')}")
        size_mb = big.warehouse.stat().st_size / 2**20
        print(f"big warehouse file {size_mb:.0f} MB; published copy {big.published.stat().st_size / 2**20:.0f} MB")
        print(f"bench_archive articles={args.articles} batch={args.batch} big_s={seconds['big']:.1f} "
              f"empty_s={seconds['empty']:.1f} noop_s={seconds['noop']:.1f} peak_rss_mb={peak_rss_mb():.0f} "
              f"ratio={seconds['big'] / seconds['empty']:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
