"""MinHash signatures: near-identical texts agree, different reports of one story do not, and
the cost stays linear and bounded on a 9 MB one-line text (issue 17, finding 1)."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from newsetl.similar import estimated_jaccard, text_signature
from newsetl.similar.minhash import BANDS, NUM_PERM
from tests.conftest import PROJECT_ROOT, SAMPLE_CORPUS

MIN_JACCARD = yaml.safe_load((PROJECT_ROOT / "dbt_project" / "dbt_project.yml").read_text())["vars"][
    "newsetl_duplicate_min_jaccard"]
SEEDS = sorted(SAMPLE_CORPUS.glob("*.txt"))
# A paragraph a syndicating outlet adds (written for this test, not from any corpus).
ADDED_PARAGRAPH = ("The foreign ministers are expected to meet again next week in Ankara, where officials said "
                   "they hoped to narrow the remaining differences over the monitoring of the truce.")


def body(path: Path) -> str:
    """The seed article without its headline (the first line)."""
    return path.read_text(encoding="utf-8").split("\n", 2)[2]


def edited(text: str) -> str:
    """A copy-editor's pass: one word replaced in each fifth of the text."""
    words = text.split(" ")
    for position in range(10, len(words), len(words) // 5):
        words[position] = "moreover"
    return " ".join(words)


def is_candidate(left: str, right: str) -> bool:
    return bool(set(text_signature(left).band_keys) & set(text_signature(right).band_keys))


def test_case_punctuation_and_quotation_marks_do_not_change_a_signature() -> None:
    original = "“Today we can report that certain progress has been made,” said Lavrov."
    assert text_signature(original) == text_signature('TODAY we can report that "certain  progress" has been made - '
                                                      "said Lavrov")
    assert len(text_signature(original).minhash) == NUM_PERM
    assert len(text_signature(original).band_keys) == BANDS


def test_a_text_without_a_word_has_no_signature() -> None:
    assert text_signature(" — … ") is None


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("variant", [
    edited,
    lambda text: text + "\n\n" + ADDED_PARAGRAPH,
    lambda text: edited(text) + "\n\n" + ADDED_PARAGRAPH + "\n\nFollow our live coverage on our website.",
], ids=["edited_copy", "added_paragraph", "edited_added_and_boilerplate"])
def test_a_syndicated_variant_is_a_candidate_above_the_threshold(seed: Path, variant) -> None:
    original, copy = body(seed), variant(body(seed))
    assert is_candidate(original, copy)
    assert estimated_jaccard(text_signature(original).minhash, text_signature(copy).minhash) >= MIN_JACCARD


@pytest.mark.parametrize(("left", "right"), list(itertools.combinations(SEEDS, 2)),
                         ids=lambda p: p.name[:3])
def test_five_outlets_reporting_one_story_are_not_duplicates(left: Path, right: Path) -> None:
    """The seed articles share quotes and names but were written separately."""
    assert estimated_jaccard(text_signature(body(left)).minhash, text_signature(body(right)).minhash) < 0.1


def test_signatures_are_the_same_in_every_process() -> None:
    """Signatures are stored and compared across runs: no per-process hash seed may enter them."""
    code = ("import sys; from newsetl.similar import text_signature; "
            "print(text_signature(sys.stdin.read()).band_keys)")
    text = body(SEEDS[0])
    outputs = {subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert outputs == {f"{text_signature(text).band_keys}\n"}


def nine_megabytes_on_one_line() -> str:
    """Seed words in a seeded random order: a million and a half distinct 5-word shingles."""
    words = [w for seed in SEEDS for w in body(seed).split()]
    return " ".join(random.Random(7).choices(words, k=1_600_000))[: 9 * 1024 * 1024]


def test_a_nine_megabyte_one_line_text_is_signed_in_bounded_memory() -> None:
    """Memory beyond the text stays bounded: words and shingles are folded in chunks."""
    text = nine_megabytes_on_one_line()
    tracemalloc.start()
    started = time.perf_counter()
    signature = text_signature(text)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert signature.shingle_count > 1_000_000
    assert peak < 64 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB beyond the 9 MiB text"
    assert seconds < 120, f"{seconds:.1f} s"
    print(f"\n9 MiB one-line text: signed in {seconds:.1f} s, traced peak {peak / 2**20:.1f} MiB")
