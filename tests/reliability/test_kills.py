"""kill -9 of the real ``newsetl run`` at each step, then one more run: nothing lost or half-written.

One warehouse goes through four runs killed one after the other (during ingest, during the NLP
step, while the load holds the writer lock, while ``dbt build`` writes) and a fifth that is left
to finish. The kill takes the whole process group, dbt included, as a crashed worker or the OOM
killer would. After every kill the raw and audit tables hold the batch entirely or not at all
and the analysts' copy is absent or complete; the fifth run's tables equal those of an
uninterrupted run of the same inbox, row for row (timestamps and batch ids aside).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from tests.reliability.cli_runs import Run, batch_files, dbt_writing, finish, kill_when, lock_held, start_run
from tests.reliability.conftest import ReferenceRun
from tests.reliability.figures import count
from tests.reliability.warehouse_state import State, content

# One worker for both modules of the uninterrupted reference run (a session fixture: tests/conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("reference_run")]
LOADED_SCHEMAS = ("raw", "audit")
PUBLISHED_SCHEMAS = ("marts", "audit")


def during_ingest(run: Run) -> bool:
    """The inbox scan is writing the shards' inputs."""
    return batch_files(run, "inputs") > 0


def during_extract(run: Run) -> bool:
    """A shard is cleaned (its documents are written) and the NLP step has not written its output
    (its quotes, then its articles with their extraction status)."""
    return batch_files(run, "documents") > 0 and not batch_files(run, "quotes")


def during_load(run: Run) -> bool:
    """Every shard is extracted and the run holds the writer lock: the load of its batch."""
    return 0 < batch_files(run, "inputs") == batch_files(run, "mentions") and lock_held(run.warehouse)


KILL_POINTS: dict[str, Callable[[Run], bool]] = {
    "ingest": during_ingest, "extract": during_extract, "load": during_load, "dbt build": dbt_writing,
}


@dataclass
class Chain:
    """What the killed runs left behind, and how the last run ended."""

    killed: dict[str, bool] = field(default_factory=dict)
    loaded_after_kill: dict[str, State] = field(default_factory=dict)
    published_after_kill: dict[str, State] = field(default_factory=dict)
    final_exit: int | None = None
    final_output: str = ""
    warehouse: Path | None = None


@pytest.fixture(scope="module")
def chain(reliability_inbox: Path, reference_run: ReferenceRun, cli_env: dict[str, str],
          tmp_path_factory: pytest.TempPathFactory) -> Chain:
    root = tmp_path_factory.mktemp("killed")
    warehouse = root / "warehouse.duckdb"
    result = Chain(warehouse=warehouse)
    for step, ready in KILL_POINTS.items():
        run = start_run(reliability_inbox, warehouse, cli_env, root / f"killed-{step}.log")
        result.killed[step] = kill_when(run, ready)
        if result.killed[step]:
            count("faults_injected")
        else:
            finish(run)
        result.loaded_after_kill[step] = content(warehouse, LOADED_SCHEMAS)
        result.published_after_kill[step] = content(root / "published" / warehouse.name, PUBLISHED_SCHEMAS)
    final = start_run(reliability_inbox, warehouse, cli_env, root / "final.log")
    result.final_exit = finish(final)
    result.final_output = final.output()
    return result


@pytest.mark.parametrize("step", list(KILL_POINTS))
def test_the_run_was_killed_at_its_step(chain: Chain, step: str) -> None:
    """Each kill point was reached and the process group killed there (not a run that ended first)."""
    assert chain.killed[step]


@pytest.mark.parametrize("step", list(KILL_POINTS))
def test_after_the_kill_the_batch_is_loaded_entirely_or_not_at_all(
        chain: Chain, reference_run: ReferenceRun, step: str) -> None:
    """Raw and audit tables equal either the empty warehouse or the whole batch, never a part."""
    loaded = chain.loaded_after_kill[step]
    nothing = all(rows == [] for rows in loaded.values())
    assert nothing or loaded == content(reference_run.warehouse, LOADED_SCHEMAS)


@pytest.mark.parametrize("step", list(KILL_POINTS))
def test_after_the_kill_the_analysts_copy_is_absent_or_complete(
        chain: Chain, reference_run: ReferenceRun, step: str) -> None:
    """A killed run never leaves a half-built published file behind."""
    published = chain.published_after_kill[step]
    assert published in ({}, content(reference_run.published, PUBLISHED_SCHEMAS))


def test_the_run_after_the_kills_completes(chain: Chain) -> None:
    """No manual repair: the WAL is replayed, dbt's half-swapped tables are rebuilt."""
    assert chain.final_exit == 0, chain.final_output


def test_the_final_tables_equal_an_uninterrupted_run(chain: Chain, reference_run: ReferenceRun) -> None:
    """raw.*, audit.* and marts.* row for row, and no leftover tables (``__dbt_tmp``, backups)."""
    assert chain.final_exit == 0
    assert content(chain.warehouse) == content(reference_run.warehouse)
    count("faults_survived", sum(chain.killed.values()))


def test_no_document_is_lost(chain: Chain, reliability_inbox: Path, reference_run: ReferenceRun) -> None:
    """Every input is either loaded or rejected with a reason, and every document the
    uninterrupted run loaded is there."""
    with duckdb.connect(str(chain.warehouse), read_only=True) as con:
        documents = {uri for (uri,) in con.execute("select source_uri from raw.documents").fetchall()}
        rejected = {uri for (uri,) in con.execute("select source_uri from audit.rejected_inputs").fetchall()}
    with duckdb.connect(str(reference_run.warehouse), read_only=True) as con:
        expected = {uri for (uri,) in con.execute("select source_uri from raw.documents").fetchall()}
    files = {str(path) for path in reliability_inbox.iterdir()}
    accounted = {uri.split("#")[0] for uri in documents | rejected}
    lost = len(expected - documents) + len(files - accounted)
    count("documents_lost", lost)
    assert lost == 0


def test_the_published_copy_equals_the_uninterrupted_runs(chain: Chain, reference_run: ReferenceRun) -> None:
    """Analysts end up reading exactly what they would have read had nothing crashed."""
    published = chain.warehouse.parent / "published" / chain.warehouse.name
    assert content(published, PUBLISHED_SCHEMAS) == content(reference_run.published, PUBLISHED_SCHEMAS)
    assert not list(published.parent.glob(".*.partial*"))
