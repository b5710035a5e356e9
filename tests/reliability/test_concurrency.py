"""An analyst reads the published copy while two ``newsetl run`` write the same warehouse.

Two reader processes query the marts in a loop: one keeps a read-only connection open for the
whole test (a dashboard), one reconnects on every round (an analyst's notebook). Meanwhile two
runs start together on the same warehouse with two new articles in the inbox: they serialise
through ``warehouse.duckdb.lock`` and both succeed, the readers never error, and every state
they see is the old one or the new one, never a mix.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE_CORPUS
from tests.reliability.cli_runs import finish, start_run
from tests.reliability.conftest import ReferenceRun
from tests.reliability.figures import count

# One worker for both modules of the uninterrupted reference run (a session fixture: tests/conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("reference_run")]
STATE_SQL = ("select (select count(*) from marts.fct_articles), (select count(*) from marts.fct_quotes), "
             "(select count(*) from marts.fct_mentions), (select count(*) from marts.fct_quotes q "
             "where q.article_id not in (select article_id from marts.fct_articles))")
READER = """
    import json, sys, time
    from pathlib import Path
    import duckdb
    published, kind, out, stop = sys.argv[1], sys.argv[2], open(sys.argv[3], "w"), Path(sys.argv[4])
    kept = duckdb.connect(published, read_only=True) if kind == "kept" else None
    while not stop.exists():
        try:
            con = kept or duckdb.connect(published, read_only=True)
            row = con.execute(SQL).fetchone()
            if con is not kept:
                con.close()
            out.write(json.dumps({"kind": kind, "state": row}) + "\\n")
        except Exception as error:
            out.write(json.dumps({"kind": kind, "error": repr(error)}) + "\\n")
        out.flush()
        time.sleep(0.02)
"""


@dataclass
class Scenario:
    exits: list[int]
    outputs: list[str]
    observations: list[dict]
    old_state: tuple[int, ...]
    new_state: tuple[int, ...]
    warehouse: Path
    reference: Path


def state(published: Path) -> tuple[int, ...]:
    with duckdb.connect(str(published), read_only=True) as con:
        return tuple(con.execute(STATE_SQL).fetchone())


def new_articles_inbox(root: Path) -> Path:
    """Two updated versions of sample stories (new content, so new documents)."""
    inbox = root / "inbox2"
    inbox.mkdir()
    names = sorted(p.name for p in SAMPLE_CORPUS.iterdir())[:2]
    for name in names:
        text = (SAMPLE_CORPUS / name).read_text(encoding="utf-8")
        (inbox / f"update_{name}").write_text(text.replace("Moscow", "Minsk"), encoding="utf-8")
    return inbox


@pytest.fixture(scope="module")
def scenario(reference_run: ReferenceRun, cli_env: dict[str, str],
             tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    root = tmp_path_factory.mktemp("concurrent")
    warehouse = root / "warehouse.duckdb"
    shutil.copy(reference_run.warehouse, warehouse)
    shutil.copytree(reference_run.published.parent, root / "published")
    published = root / "published" / warehouse.name
    old_state = state(published)
    stop = root / "stop"
    code = textwrap.dedent(READER).replace("SQL", repr(STATE_SQL))
    # Two processes: DuckDB caches a database per path within a process, so a fresh connection
    # made beside a kept one would reuse the kept (old) file instead of opening the new one.
    readers = {kind: subprocess.Popen([sys.executable, "-c", code, str(published), kind,
                                       str(root / f"{kind}.jsonl"), str(stop)]) for kind in ("kept", "fresh")}
    time.sleep(1.5)  # the readers hold the file open before the runs start
    inbox = new_articles_inbox(root)
    runs = [start_run(inbox, warehouse, cli_env, root / f"run-{i}.log") for i in (1, 2)]
    exits = [finish(run) for run in runs]
    time.sleep(0.5)
    stop.touch()
    observations = []
    for kind, reader in readers.items():
        reader.wait(timeout=60)
        observations += [json.loads(line) for line in (root / f"{kind}.jsonl").read_text().splitlines()]
    count("reader_queries", len(observations))
    count("reader_errors", sum("error" in o for o in observations))
    count("concurrent_runs_succeeded", exits.count(0))
    return Scenario(exits, [r.output() for r in runs], observations, old_state, state(published), warehouse,
                    reference_run.warehouse)


def test_both_concurrent_runs_succeed(scenario: Scenario) -> None:
    """The second run waits for the writer lock (and for stray readers) instead of failing."""
    assert scenario.exits == [0, 0], "\n".join(scenario.outputs)


def test_the_reader_never_errors(scenario: Scenario) -> None:
    """Swapping the published file never breaks an open connection or a new one."""
    errors = [o["error"] for o in scenario.observations if "error" in o]
    assert scenario.observations and errors == []


def test_the_reader_sees_only_the_old_or_the_new_state(scenario: Scenario) -> None:
    """Row counts of the marts are always one complete published state, never a partial one."""
    seen = {tuple(o["state"]) for o in scenario.observations if "state" in o}
    assert seen <= {scenario.old_state, scenario.new_state}


def test_the_reconnecting_reader_saw_the_new_state(scenario: Scenario) -> None:
    """The runs really published while the reader held the old file open (it was not blocked)."""
    assert scenario.new_state[0] > scenario.old_state[0]
    fresh = [tuple(o["state"]) for o in scenario.observations if o.get("kind") == "fresh" and "state" in o]
    assert fresh[0] == scenario.old_state and fresh[-1] == scenario.new_state


def test_the_new_documents_are_loaded_exactly_once(scenario: Scenario) -> None:
    """Both runs staged the same two articles; replace-by-key keeps one copy of each."""
    with duckdb.connect(str(scenario.warehouse), read_only=True) as con:
        total, distinct = con.execute("select count(*), count(distinct document_id) from raw.documents").fetchone()
    with duckdb.connect(str(scenario.reference), read_only=True) as con:
        before = con.execute("select count(*) from raw.documents").fetchone()[0]
    assert total == distinct == before + 2
