"""Shared fixtures: the sample corpus, its gold annotations, and scratch warehouses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = PROJECT_ROOT / "sample_corpus" / "inbox"
SHARED = PROJECT_ROOT.parent / "shared"
GOLD_FILE = SHARED / "gold" / "seeds.json"
SCORE_SEEDS = SHARED / "tools" / "score_seeds.py"


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
