"""No sentence of PolNeAR's train or dev split may be copied into the repository.

Both splits' PROVENANCE.md forbid copying their texts into the project, and tests pinned to the
sentences the extractor is trained and selected on would hide over-fitting. This test reads every
text file of the repository (``git ls-files``, tracked and new) and fails on:

- a whole PolNeAR sentence of at least ``MIN_SENTENCE_WORDS`` words, and
- any run of at least ``MIN_RUN_WORDS`` consecutive words shared with a PolNeAR article (a
  sentence cut short or pieced together from string literals is still a copy).

Words are ``\\w+`` runs in lower case, so punctuation, quotation marks and the way Python splits
a long string over lines do not hide a copy. The thresholds were measured on unrelated news
(the 392,338 words of ``../shared/corpus/news_onestopenglish``, which quotes many of the same US
politicians): shared runs of 6, 7, 8 and 9 words occur there by chance 248, 35, 9 and 2 times,
and of 10 or more words never; whole PolNeAR sentences of 6 words once (a common spoken
question), of 7 or more never. Shorter, generic fragments ("said in a statement") are exempt.
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SPLITS = ("polnear_train", "polnear_dev")
MIN_SENTENCE_WORDS = 6
MIN_RUN_WORDS = 10
WORD = re.compile(r"\w+")
# a sentence ends at . ! ? or … (and any closing marks after it) before a space, or at a line break
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+|\n+")
MAX_FILE_BYTES = 2_000_000  # lock files and data exports hold no prose


class Corpus(NamedTuple):
    runs: frozenset[int]  # hashes of every MIN_RUN_WORDS-word run
    sentences: dict[tuple[str, ...], list[tuple[str, ...]]]  # first words -> whole sentences


@lru_cache(maxsize=1)
def polnear() -> Corpus:
    runs: set[int] = set()
    sentences: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for split in SPLITS:
        for path in sorted((CORPUS / split / "inbox").glob("*.txt")):
            text = path.read_text(encoding="utf-8").lower()
            for line in text.split("\n"):
                words = WORD.findall(line)
                runs.update(hash(tuple(words[i : i + MIN_RUN_WORDS])) for i in range(len(words) - MIN_RUN_WORDS + 1))
            for sentence in SENTENCE_END.split(text):
                words = tuple(WORD.findall(sentence))
                if len(words) >= MIN_SENTENCE_WORDS:
                    sentences.setdefault(words[:MIN_SENTENCE_WORDS], []).append(words)
    return Corpus(frozenset(runs), sentences)


def repository_files() -> list[Path]:
    """The repository's files: tracked and new ones from git, else (an exported copy) every file
    outside hidden folders and those that hold no sources."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True
    )
    if listed.returncode == 0:
        return [ROOT / name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]
    skipped = {"data", "airflow_home", "target", "logs", "dbt_packages", "__pycache__"}
    kept = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if path.is_file() and not skipped & set(parts) and not any(part.startswith(".") for part in parts):
            kept.append(path)  # hidden folders (.venv, .git, caches) hold no sources
    return kept


def _run_hash(words: list[str], start: int) -> int:
    return hash(tuple(words[start : start + MIN_RUN_WORDS]))


def copies(text: str, corpus: Corpus) -> list[tuple[int, str]]:
    """(character offset, copied words) of each PolNeAR sentence or long run found in ``text``."""
    matches = list(WORD.finditer(text.lower()))
    words = [m.group() for m in matches]
    found: list[tuple[int, str]] = []
    i = 0
    while i < len(words):
        longest = 0
        if i + MIN_RUN_WORDS <= len(words) and _run_hash(words, i) in corpus.runs:
            longest = MIN_RUN_WORDS
            while i + longest < len(words) and _run_hash(words, i + longest - MIN_RUN_WORDS + 1) in corpus.runs:
                longest += 1
        for sentence in corpus.sentences.get(tuple(words[i : i + MIN_SENTENCE_WORDS]), ()):
            if tuple(words[i : i + len(sentence)]) == sentence:
                longest = max(longest, len(sentence))
        if longest:
            found.append((matches[i].start(), " ".join(words[i : i + longest])))
            i += longest
        else:
            i += 1
    return found


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    missing = [split for split in SPLITS if not (CORPUS / split / "inbox").is_dir()]
    assert not missing, f"{CORPUS} lacks {missing}: the shared corpus must sit beside the clone (../shared)"
    return polnear()


def test_no_polnear_sentence_in_the_repository(corpus: Corpus) -> None:
    found = []
    for path in repository_files():
        if path.stat().st_size > MAX_FILE_BYTES:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary: screenshots, model weights
        for offset, words in copies(text, corpus):
            line = text.count("\n", 0, offset) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {words}")
    assert not found, "copied from PolNeAR (write a new sentence of the same construction):\n" + "\n".join(found)


def test_the_scan_finds_a_copy_split_over_string_literals(corpus: Corpus) -> None:
    # a real PolNeAR sentence, taken from the corpus at run time, never written out
    sentence = next(s for first in corpus.sentences.values() for s in first if len(s) >= 12)
    half = len(sentence) // 2
    source = f'text = (\n    "{" ".join(sentence[:half]).capitalize()} "\n    "{" ".join(sentence[half:])}."\n)\n'
    assert [words for _, words in copies(source, corpus)] == [" ".join(sentence)]


def test_the_scan_passes_new_sentences_of_the_same_construction(corpus: Corpus) -> None:
    text = "The survey points to a closer contest than in June, the pollster said on Tuesday."
    assert copies(text, corpus) == []
