"""Load the line patterns of ``newsetl/rules/boilerplate_lines.tsv`` once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parents[1] / "rules" / "boilerplate_lines.tsv"


@dataclass(frozen=True)
class LineRule:
    name: str
    max_words: int  # 0 = the pattern applies to a line of any length
    pattern: re.Pattern[str]

    def matches(self, line: str, word_count: int) -> bool:
        if self.max_words and word_count > self.max_words:
            return False
        return self.pattern.search(line) is not None


@lru_cache(maxsize=1)
def line_rules() -> tuple[LineRule, ...]:
    """The pattern rules, in file order; the first that matches names the removal."""
    rules = []
    for raw in RULES_FILE.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        name, max_words, pattern = raw.split("\t")
        if not pattern.strip():
            raise ValueError(f"rule {name} has an empty pattern, which would match every line")
        rules.append(LineRule(name, int(max_words), re.compile(pattern, re.IGNORECASE)))
    return tuple(rules)
