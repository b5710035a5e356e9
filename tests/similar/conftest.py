"""The sample corpus with wire copies of one of its articles, run through ``newsetl run`` once
for the duplicate, cluster and story tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsetl.cli import main
from tests.conftest import SAMPLE_CORPUS
from tests.similar.test_minhash import ADDED_PARAGRAPH, edited

ORIGINAL = SAMPLE_CORPUS / "001_e33607d04fb48396.txt"


@pytest.fixture(scope="session")
def syndicated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus, then a second batch with three wire copies of one of its articles."""
    root = tmp_path_factory.mktemp("syndicated")
    inbox = root / "inbox"
    shutil.copytree(SAMPLE_CORPUS, inbox)
    warehouse = root / "warehouse.duckdb"
    assert main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)]) == 0
    headline, _, text = ORIGINAL.read_text(encoding="utf-8").partition("\n\n")
    copies = [
        {"id": "w1", "source": "Wire One", "title": "Moscow talks end without a signed truce", "text": edited(text)},
        {"id": "w2", "source": "Wire Two", "title": headline, "text": text + "\n\n" + ADDED_PARAGRAPH},
        {"id": "w3", "source": "Wire Three", "title": "Libya: Haftar leaves Moscow",
         "text": edited(text) + "\n\n" + ADDED_PARAGRAPH},
    ]
    (inbox / "wire.jsonl").write_text("".join(json.dumps(c) + "\n" for c in copies), encoding="utf-8")
    assert main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)]) == 0
    return warehouse
