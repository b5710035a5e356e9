"""Shared fixtures: the sample corpus, its gold annotations, and scratch warehouses; how ``make test``
spreads the suite over pytest-xdist workers."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from xdist.scheduler import LoadGroupScheduling

from tests.reliability.figures import FIGURES

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = PROJECT_ROOT / "sample_corpus" / "inbox"
SHARED = PROJECT_ROOT.parent / "shared"
GOLD_FILE = SHARED / "gold" / "seeds.json"
SCORE_SEEDS = SHARED / "tools" / "score_seeds.py"
_STARTED = time.monotonic()
# The reliability figures in the order the README gives them; others follow by name.
FIGURE_ORDER = ("inputs_fuzzed", "faults_injected", "faults_survived", "documents_lost", "reader_queries",
                "reader_errors", "concurrent_runs_succeeded")


def seed_gold() -> list[dict]:
    """Hand annotations of the sample articles (shipped beside the project, as in CI)."""
    if not GOLD_FILE.exists():
        return []
    return json.loads(GOLD_FILE.read_text(encoding="utf-8"))["documents"]


@pytest.fixture
def sample_inbox(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample corpus."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLE_CORPUS, inbox)
    return inbox


@pytest.fixture(scope="session")
def nlp_en():
    """The English spaCy pipeline of ``newsetl.extract``, loaded once per test session."""
    from newsetl.extract.nlp import load_nlp

    return load_nlp("en")


@pytest.fixture(scope="session", autouse=True)
def dbt_project_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of ``dbt_project/`` (with the manifest ``make test`` compiled) for every dbt run of
    the session: ``newsetl run`` in-process, the Airflow DAGs of tests/e2e, the DAG files' parse.

    dbt writes its manifest, run results, logs and docs into the project's ``target/``; with the
    suite spread over two workers, two builds at once would overwrite each other's files while a
    DAG file reads the manifest. ``NEWSETL_DBT_PROJECT_DIR`` points each worker at its own copy,
    and the suite no longer writes the developer's ``dbt_project/`` at all.
    """
    from newsetl.settings import get_settings

    copy = tmp_path_factory.mktemp("dbt") / "dbt_project"
    shutil.copytree(PROJECT_ROOT / "dbt_project", copy, ignore=shutil.ignore_patterns("logs", "__pycache__"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSETL_DBT_PROJECT_DIR", str(copy))
        get_settings.cache_clear()  # settings are read once per process: read them again with the copy
        yield copy
    get_settings.cache_clear()


# --- make test: pytest -n 2 --dist loadgroup --no-loadscope-reorder -------------------------------
# A module's tests share module- and session-scoped fixtures (a whole pipeline run, a running
# Airflow), so a worker takes a whole module at a time, or a whole ``xdist_group`` where modules
# share a session fixture (tests/reliability's reference run, tests/similar's syndicated run: put
# a new module that uses one in its group). The slow modules (marked e2e) are handed out first, so
# that the short ones fill in at the end and both workers finish together.


class ModuleScheduling(LoadGroupScheduling):
    """One work unit per ``xdist_group``, else per module (xdist's loadgroup splits per test)."""

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.rfind("@") > nodeid.rfind("]"):
            return nodeid.rsplit("@", 1)[-1]
        return nodeid.split("::", 1)[0]


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> LoadGroupScheduling | None:  # noqa: ANN001
    return ModuleScheduling(config, log) if config.getvalue("dist") == "loadgroup" else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if hasattr(config, "workerinput"):  # a worker: the e2e modules first (a stable sort keeps modules whole)
        items.sort(key=lambda item: item.get_closest_marker("e2e") is None)


# --- the reliability figures (tests/reliability/figures.py), summed over the workers -------------

def pytest_sessionfinish(session: pytest.Session) -> None:
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["reliability_figures"] = dict(FIGURES)


def pytest_testnodedown(node, error) -> None:  # noqa: ANN001 - xdist's WorkerController and error
    FIGURES.update(getattr(node, "workeroutput", {}).get("reliability_figures", {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per figure, so a CI log shows what the reliability promises were measured on."""
    if not FIGURES:
        return
    terminalreporter.section("newsetl reliability figures")
    for name in [*FIGURE_ORDER, *sorted(set(FIGURES) - set(FIGURE_ORDER))]:
        if name in FIGURES:
            terminalreporter.write_line(f"{name:28} {FIGURES[name]}")
    terminalreporter.write_line(f"{'session_seconds':28} {time.monotonic() - _STARTED:.0f}")
