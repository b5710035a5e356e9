"""Article bodies from saved pages: newsetl next to trafilatura alone (``make bench-html``).

Two development sets under ``../shared/corpus`` (a held-out set of pages is scored outside):

- ``aeb_scrapinghub``: 181 pages with the full article body as ground truth. Metric of the
  article-extraction-benchmark (reimplemented): tokens are ``\\w+``, cut into 4-token shingles;
  per page, precision and recall are the multiset overlap of predicted and true shingles; both are
  averaged over pages, and F1 = 2PR / (P + R).
- ``trafilatura_eval_en_news``: 53 news pages with segments a correct body must contain (``with``)
  and boilerplate segments it must not (``without``); trafilatura's own evaluation counts a
  ``with`` segment found as a true positive and a ``without`` segment absent as a true negative.

"trafilatura alone" is ``trafilatura.extract`` with its defaults; "newsetl" is what the pipeline
stores: the page through ``newsetl.ingest.formats.html_document`` and the clean stage, the
``clean_text`` of its articles joined. The last line is machine-readable.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
AEB = SHARED / "aeb_scrapinghub"
TRAFILATURA_EVAL = SHARED / "trafilatura_eval_en_news"
TOKEN = re.compile(r"\w+")
SHINGLE = 4


def trafilatura_alone(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def newsetl_body(html: str) -> str:
    """The clean text newsetl stores for a page ('' when it rejects the page)."""
    from newsetl.clean import clean_document
    from newsetl.ingest.formats import html_document

    try:
        document = html_document(html, source_uri="page.html", encoding="utf-8", byte_count=len(html))
    except ValueError:
        return ""
    return "\n\n".join(article.clean_text for article in clean_document(document))


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)))


def body_scores(predicted: str, truth: str) -> tuple[float, float]:
    """Precision and recall of one page (the benchmark's shingle multiset overlap)."""
    pred, true = _shingles(predicted), _shingles(truth)
    overlap = sum((pred & true).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(true.values()) if true else 0.0
    return precision, recall


def aeb_pages() -> Iterator[tuple[str, str]]:
    for line in (AEB / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        yield (AEB / "html" / f"{record['id']}.html").read_text(encoding="utf-8"), record["articleBody"]


def score_aeb(extract: Callable[[str], str]) -> dict[str, float]:
    """Macro precision, recall and F1 over the 181 pages."""
    return macro_f1([body_scores(extract(html), truth) for html, truth in aeb_pages()])


def macro_f1(scores: list[tuple[float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, and their F1."""
    precision = sum(p for p, _ in scores) / len(scores)
    recall = sum(r for _, r in scores) / len(scores)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall),
            "pages": len(scores)}


def _squash(text: str) -> str:
    return " ".join(text.split())


def score_segments(extract: Callable[[str], str]) -> dict[str, float]:
    """trafilatura's segment evaluation: with-segments kept, without-segments dropped."""
    kept = dropped = with_total = without_total = 0
    for line in (TRAFILATURA_EVAL / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        html = (TRAFILATURA_EVAL / "html" / f"{record['id']}.html").read_bytes().decode("utf-8", "replace")
        body = _squash(extract(html))
        kept += sum(_squash(s) in body for s in record["with"])
        dropped += sum(_squash(s) not in body for s in record["without"])
        with_total += len(record["with"])
        without_total += len(record["without"])
    false_positives = without_total - dropped
    precision = kept / (kept + false_positives) if kept + false_positives else 0.0
    recall = kept / with_total
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall),
            "accuracy": (kept + dropped) / (with_total + without_total)}


def main() -> None:
    rows = []
    for name, score in (("aeb_scrapinghub (181 pages, body word-shingle F1)", score_aeb),
                        ("trafilatura_eval_en_news (53 pages, segments)", score_segments)):
        alone, ours = score(trafilatura_alone), score(newsetl_body)
        rows.append((name, alone, ours))
    print(f"{'set':52} {'':10} {'P':>6} {'R':>6} {'F1':>6}")
    for name, alone, ours in rows:
        for label, s in (("trafilatura", alone), ("newsetl", ours)):
            print(f"{name:52} {label:10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}")
            name = ""
    (_, aeb_alone, aeb_ours), (_, seg_alone, seg_ours) = rows
    print(f"bench_html aeb_trafilatura_f1={aeb_alone['f1']:.3f} aeb_newsetl_f1={aeb_ours['f1']:.3f} "
          f"eval_trafilatura_f1={seg_alone['f1']:.3f} eval_newsetl_f1={seg_ours['f1']:.3f}")


if __name__ == "__main__":
    main()
