"""Counters the reliability tests add to, printed at the end of the session (see conftest).

The README's "Reliability" figures come from here: how many inputs the fuzz tests tried, how
many faults were injected and survived, and how many documents were lost (must stay 0).
"""

from __future__ import annotations

from collections import Counter

FIGURES: Counter[str] = Counter()


def count(name: str, n: int = 1) -> None:
    """Add ``n`` to the figure ``name`` (inputs_fuzzed, faults_injected, faults_survived, ...)."""
    FIGURES[name] += n
