"""Evaluation gate: the real pipeline on PolNeAR's dev split must not score below pinned floors.

As trafilatura's CI pins its extraction scores (``tests/eval_gate.py`` with a baseline file), this
runs ``newsetl run`` on ``../shared/corpus/polnear_dev/inbox`` and scores the warehouse with the
shared scorer (``../shared/tools/polnear.py score``); ``polnear_floors.json`` beside this file holds
the floors. Raise them when the figures rise; lowering one is an explicit, reviewed change. The
dev split is for selection and this gate only: nothing trains on it, and no test copies its text.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsetl.cli import main
from tests.conftest import SHARED

pytestmark = pytest.mark.e2e

DEV = SHARED / "corpus" / "polnear_dev"
SCORER = SHARED / "tools" / "polnear.py"
FLOORS = json.loads(Path(__file__).with_name("polnear_floors.json").read_text(encoding="utf-8"))["floors"]
SCORE_LINE = re.compile(r"^polnear (.*)$", re.MULTILINE)


def parse_score_line(output: str) -> dict[str, float]:
    """``polnear quote_f1@0.3=0.800 ... n_articles=84`` -> {"quote_f1@0.3": 0.8, ...}."""
    lines = SCORE_LINE.findall(output)
    assert lines, f"no score line in the scorer's output:\n{output[-2000:]}"
    return {key: float(value) for key, value in (pair.split("=", 1) for pair in lines[-1].split())}


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    assert (DEV / "inbox").is_dir() and SCORER.is_file(), f"{DEV} and {SCORER} must sit beside the clone (../shared)"
    warehouse = tmp_path_factory.mktemp("polnear_dev") / "warehouse.duckdb"
    assert main(["run", "--inbox", str(DEV / "inbox"), "--warehouse", str(warehouse)]) == 0
    result = subprocess.run(
        [sys.executable, str(SCORER), "score", str(DEV), str(warehouse)], capture_output=True, text=True, check=True
    )
    scores = parse_score_line(result.stdout)
    print("polnear dev gate:", " ".join(f"{k}={v}" for k, v in scores.items()))
    return scores


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_dev_score_is_not_below_its_floor(dev_scores: dict[str, float], metric: str) -> None:
    floor = FLOORS[metric]
    assert dev_scores["n_articles"] == 84, "every dev article must reach the warehouse"
    assert dev_scores[metric] >= floor, f"PolNeAR dev {metric} = {dev_scores[metric]} fell below its floor {floor}"


def test_the_score_line_is_read_whole() -> None:
    line = "polnear quote_f1@0.3=0.800 quote_f1@0.8=0.666 speaker_acc=0.933 direct_f1=0.804 n_articles=84"
    assert parse_score_line(f"row P R F1\n{line}\n") == {
        "quote_f1@0.3": 0.8,
        "quote_f1@0.8": 0.666,
        "speaker_acc": 0.933,
        "direct_f1": 0.804,
        "n_articles": 84.0,
    }
