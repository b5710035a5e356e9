"""Extraction time against text length, for texts on one long line (``make bench-long``).

A newsroom inbox sometimes holds a whole feed pasted as one line. The mention filters once read
a candidate's whole line per candidate, so one line of 25k/50k/100k characters took
0.5/2.0/8.2 s and 1 MB ran for over 15 minutes, holding the writer lock. This times the
extraction stage (``extract_texts``: spaCy parse plus the quote and mention rules) on one-line
texts of 10k, 100k and 1M characters made from the seed articles' paragraphs, and the rules
alone on the parsed Doc. Linear cost shows as a flat ``cpu_ms_per_1k_chars`` across lengths.

The last lines printed are machine-readable: ``bench_long chars=N extract_s=X extract_cpu_s=C
rules_cpu_s=R cpu_ms_per_1k_chars=Z quotes=Q mentions=M``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsetl.extract import extract_doc, extract_texts, load_nlp

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
LENGTHS = (10_000, 100_000, 1_000_000)


def one_line_text(chars: int) -> str:
    """Seed paragraphs joined by spaces (no line break), repeated up to ``chars`` characters."""
    paragraphs = [p.strip() for f in sorted(SEEDS.glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 80]
    pieces, size = [], 0
    while size < chars:
        for paragraph in paragraphs:
            pieces.append(paragraph)
            size += len(paragraph) + 1
            if size >= chars:
                break
    return " ".join(pieces)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS))
    args = parser.parse_args()
    nlp = load_nlp("en")
    nlp.max_length = max(nlp.max_length, *args.lengths)
    for chars in args.lengths:
        text = one_line_text(chars)
        started, cpu = time.perf_counter(), time.process_time()
        (extraction,) = extract_texts([text], "en")
        extract_s, extract_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert extraction.status == "ok", extraction.error
        doc = nlp(text)
        cpu = time.process_time()
        extract_doc(doc, "en")
        rules_cpu = time.process_time() - cpu
        # CPU seconds as well as wall: on a shared machine the wall clock measures the neighbours.
        print(f"bench_long chars={chars} extract_s={extract_s:.2f} extract_cpu_s={extract_cpu:.2f} "
              f"rules_cpu_s={rules_cpu:.2f} cpu_ms_per_1k_chars={1000 * extract_cpu / (chars / 1000):.1f} "
              f"quotes={len(extraction.quotes)} mentions={len(extraction.mentions)}", flush=True)


if __name__ == "__main__":
    main()
