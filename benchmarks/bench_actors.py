"""What the actor resolution costs as the names grow (``make bench-actors``).

The actor resolution is the dbt chain ``int_actor_names_grouped`` -> ``int_actor_name_pairs_matched``
-> ``int_actor_names_clustered`` -> ``int_actor_name_states`` -> ``int_mentions_resolved_to_actors``.
Its cost follows the number of distinct names (``article_key``), not of articles, so this benchmark loads
``raw.mentions`` directly with synthetic names (the NLP is not what is measured) and times the
chain at each size given (default 6,000, 60,000 and 600,000 names).

The names vary real ones: the person, organisation and place names of a built warehouse
(``--names-from``, default the project's ``data/warehouse.duckdb`` after ``make run``; a
``polnear_dev`` or ``polnear_train`` warehouse gives a wider pool). New words come from a
character chain trained on the pool's words (``WordModel``), so the distinct surnames and words
grow with the count as an archive's do, in the pool's letters. A person is a real given name
(half of them, so common given names are shared the way they are in news) or a new one, and a new
surname; one person in ten also appears under a second romanisation (a vowel and a consonant
swapped: "Gaddafi" / "Qaddafi"), so the rules have true pairs to find; one in twelve as a bare
surname. Organisations and places keep a real name's shape (its short words: "of", "the") with
its longer words mostly new, one in ten also romanised. Keys come from the pipeline's own
``newsetl.resolve.name_key``.

Each size gets its own warehouse in a temporary folder: ``dbt seed``, then ``dbt run`` of the
chain, timed per model from dbt's ``run_results.json``. A size whose run exceeds ``--timeout``
seconds is stopped and reported as such. The last line printed is machine-readable:
``bench_actors names=N1:S1,N2:S2,... peak_rss_mb=M`` (seconds of the whole chain; ``>T`` when
stopped).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from newsetl.load.warehouse import SCHEMA_SQL
from newsetl.resolve import name_key

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")
MODELS = (
    "int_actor_names_grouped",
    "int_actor_name_pairs_matched",
    "int_actor_names_clustered",
    "int_actor_name_states",
    "int_mentions_resolved_to_actors",
)
LABELS_SHORT = ("grouped", "pairs", "clustered", "states", "resolved")
LABELS = {"person": "PERSON", "organization": "ORG", "location": "GPE"}
VOWEL_SWAPS = (("e", "i"), ("i", "y"), ("o", "u"), ("a", "e"), ("ou", "u"))
# Consonants that romanisations of one name disagree on ("Gaddafi" / "Qaddafi", "Prigozhin" /
# "Prigojin"): they change the consonant skeleton, so only the similarity rules can pair them.
CONSONANT_SWAPS = (("g", "q"), ("k", "q"), ("zh", "j"), ("j", "zh"), ("s", "z"), ("c", "k"), ("t", "d"), ("y", "j"))
NAMES_PER_ARTICLE = 25


def real_names(warehouse: Path) -> dict[str, list[list[str]]]:
    """The full spellings of a built warehouse, as word lists by actor type."""
    if not warehouse.exists():
        sys.exit(f"{warehouse} does not exist: run `make run` first, or pass --names-from WAREHOUSE")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select distinct actor_type, mention_text from raw.mentions where name_key = article_key"
        ).fetchall()
    pool: dict[str, list[list[str]]] = {kind: [] for kind in LABELS}
    for kind, text in sorted(rows):
        words = text.split()
        if all(word.isalpha() for word in words):
            pool[kind].append(words)
    if not pool["person"] or not pool["organization"]:
        sys.exit(f"{warehouse} holds too few names to vary (persons and organisations needed)")
    return pool


class WordModel:
    """New words in the letters of real ones: a character chain of order 2 trained on a word list.

    "Sarraj", "Haftar" and "Erdogan" give words such as "Harraj" or "Erdoftar": as many distinct
    words as are asked for, the way an archive keeps meeting names it has not seen, where splicing
    a fixed pool's words repeats their pieces (and a few dozen real names give blocks and groups
    that grow with the count, which real news does not).
    """

    def __init__(self, words: list[str]) -> None:
        self.lengths = [len(word) for word in words if len(word) >= 4]
        self.next: dict[str, list[str]] = {}
        for word in words:
            padded = "^^" + word.lower() + "$"
            for at in range(len(padded) - 2):
                self.next.setdefault(padded[at : at + 2], []).append(padded[at + 2])
                self.next.setdefault(padded[at + 1], []).append(padded[at + 2])

    def word(self, rng: random.Random) -> str:
        """One word as long as a real word drawn at random (4 letters or more).

        Each letter follows the two before it, or one time in four only the one before, so the
        words keep coming new (a pool of 300 surnames gives about as many distinct words as asked).
        """
        length = rng.choice(self.lengths)
        while True:
            state, letters = "^^", []
            while (letter := rng.choice(self.next[state if rng.random() < 0.75 else state[1]])) != "$" \
                    and len(letters) <= length:
                letters.append(letter)
                state = state[1] + letter
            if len(letters) == length:
                return "".join(letters).capitalize()


def romanised(rng: random.Random, name: str) -> str:
    """The same name under another romanisation: a vowel and a consonant swapped, where it can."""
    for swaps in (VOWEL_SWAPS, CONSONANT_SWAPS):
        for old, new in rng.sample(swaps, len(swaps)):
            if old in name[1:]:
                at = name.index(old, 1)
                name = name[:at] + new + name[at + len(old) :]
                break
    return name


def synthetic_names(pool: dict[str, list[list[str]]], count: int, seed: int = 18) -> list[tuple[str, str]]:
    """``count`` (spelling, actor_type) pairs with distinct name keys, varied from ``pool``."""
    rng = random.Random(seed)
    people = [words for words in pool["person"] if len(words) >= 2]
    given = [words[0] for words in people]
    new_given = WordModel(given)
    new_surname = WordModel([words[-1] for words in people])
    things = [(kind, words) for kind in ("organization", "location") for words in pool[kind]]
    new_thing_word = WordModel([word for _, words in things for word in words if len(word) > 3])
    names: dict[str, tuple[str, str]] = {}

    def add(text: str, kind: str) -> None:
        key = name_key(text)
        if key and len(names) < count:
            names.setdefault(key, (text, kind))

    while len(names) < count:
        if rng.random() < 0.6:
            first = rng.choice(given) if rng.random() < 0.5 else new_given.word(rng)
            last = new_surname.word(rng)
            add(f"{first} {last}", "person")
            if rng.random() < 0.1:
                add(f"{romanised(rng, first)} {romanised(rng, last)}", "person")
            if rng.random() < 0.08:
                add(last, "person")
        else:
            # a real name's shape ("X National Army", "Ministry of X") with its long words new
            kind, words = rng.choice(things)
            varied = [new_thing_word.word(rng) if len(word) > 3 and rng.random() < 0.7 else word
                      for word in words]
            if varied == words:
                varied[rng.randrange(len(words))] = new_thing_word.word(rng)
            add(" ".join(varied), kind)
            if rng.random() < 0.1:
                add(" ".join(romanised(rng, word) if len(word) > 3 else word for word in varied), kind)
    return list(names.values())


def build_warehouse(path: Path, names: list[tuple[str, str]]) -> None:
    """A warehouse whose raw.mentions holds one mention per name, 25 names to an article."""
    rows = []
    for number, (text, kind) in enumerate(names):
        key = name_key(text)
        mention_id = hashlib.md5(f"bench-actors:{number}".encode()).hexdigest()
        article_id = hashlib.md5(f"bench-actors:{number // NAMES_PER_ARTICLE}".encode()).hexdigest()
        rows.append((mention_id, article_id, text, LABELS[kind], kind, key, key, "exact", 0, len(text), 0))
    columns = ("mention_id", "article_id", "mention_text", "entity_label", "actor_type", "name_key", "article_key",
               "link_method", "start_char", "end_char", "sentence_index")
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        con.register("bench_mentions", pa.table({name: [row[i] for row in rows] for i, name in enumerate(columns)}))
        con.execute("insert into raw.mentions by name select * from bench_mentions")


def run_chain(project_dir: Path, warehouse: Path, timeout_s: float) -> dict[str, float] | None:
    """Seed, then run the actor models; seconds per model and in all, or None past the timeout."""
    env = {**os.environ, "NEWSETL_WAREHOUSE": str(warehouse), "DBT_PROFILES_DIR": str(project_dir),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1",
           # DuckDB spills to disk past this instead of growing until the kernel kills dbt
           "NEWSETL_DUCKDB_MEMORY_LIMIT": os.environ.get("NEWSETL_DUCKDB_MEMORY_LIMIT", "4GB")}
    target = warehouse.parent / "target"
    common = ["--project-dir", str(project_dir), "--target-path", str(target), "--quiet"]
    subprocess.run([str(DBT), "seed", *common], env=env, check=True, capture_output=True)
    select = ["stg_newsetl__mentions", "stg_newsetl__articles", *MODELS]
    started = time.perf_counter()
    child = subprocess.Popen([str(DBT), "run", "--select", *select, *common], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = child.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        return None
    if child.returncode != 0:
        sys.exit(f"dbt run failed:\n{output.decode()[-3000:]}")
    seconds = {"total": time.perf_counter() - started}
    for result in json.loads((target / "run_results.json").read_text())["results"]:
        seconds[result["unique_id"].rsplit(".", 1)[-1]] = result["execution_time"]
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, nargs="+", default=[6_000, 60_000, 600_000])
    parser.add_argument("--names-from", type=Path, default=PROJECT_ROOT / "data" / "warehouse.duckdb")
    parser.add_argument("--project-dir", type=Path, default=PROJECT_ROOT / "dbt_project",
                        help="dbt project to time (another checkout's, to compare versions)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds before a size is stopped")
    parser.add_argument("--keep", type=Path, help="keep each size's warehouse under this folder (to compare)")
    args = parser.parse_args()

    pool = real_names(args.names_from)
    print(f"name pool: {sum(map(len, pool.values()))} real spellings from {args.names_from}")
    print("seconds per model (dbt's execution_time), and of the whole `dbt run` with its start-up")
    print(f"{'names':>9}{'pairs':>9}" + "".join(f"{label:>11}" for label in LABELS_SHORT) + f"{'dbt run':>10}")
    figures = []
    for count in args.names:
        with tempfile.TemporaryDirectory(prefix="bench_actors_") as scratch:
            folder = (args.keep / f"names_{count}").resolve() if args.keep else Path(scratch)
            folder.mkdir(parents=True, exist_ok=True)
            warehouse = folder / "warehouse.duckdb"
            warehouse.unlink(missing_ok=True)
            build_warehouse(warehouse, synthetic_names(pool, count))
            seconds = run_chain(args.project_dir.resolve(), warehouse, args.timeout)
            if seconds is None:
                print(f"{count:>9}{'-':>9}" + " " * 11 * len(MODELS) + f"{'>' + str(int(args.timeout)):>10}")
                figures.append(f"{count}:>{args.timeout:.0f}")
                continue
            with duckdb.connect(str(warehouse), read_only=True) as con:
                pairs = con.execute("select count(*) from intermediate.int_actor_name_pairs_matched").fetchone()[0]
        print(f"{count:>9}{pairs:>9}" + "".join(f"{seconds.get(m, float('nan')):>11.2f}" for m in MODELS)
              + f"{seconds['total']:>10.2f}")
        figures.append(f"{count}:{sum(seconds.get(m, 0.0) for m in MODELS):.2f}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"bench_actors names={','.join(figures)} peak_rss_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
