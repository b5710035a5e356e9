"""What the extraction stage costs next to the bare spaCy model (``make bench-extract``).

The extraction stage is ``newsetl.extract.extract_texts``: one ``nlp.pipe`` over the articles,
then the quote and mention rules on every Doc. Its floor is the same ``nlp.pipe`` with nothing
after it. Both run here in one process, on the same clean texts (the real English articles under
``../shared/corpus``, read at bench time and cleaned by the library's own clean stage), with the
same model, components and batch size; each is timed ``--rounds`` times, alternating, and the
fastest round of each counts. Times are this process's CPU seconds (``time.process_time``), not
wall time: on the shared machine other jobs stretch the wall clock of one side more than the
other (one run under a load average of 10 gave the stage 44 % over the parse, the next -14 %),
while the CPU the process itself spends moves little.

The rules and the learned tagger after them are also timed alone, on the Docs of the bare run,
which says where the stage's time goes. The target (issue "Quotes,
speakers, actors and mentions"): the stage costs at most 25 % more than the bare model. The last
line printed is machine-readable: ``bench_extract docs=N tokens=T spacy_docs_per_s=X
spacy_tokens_per_s=Y stage_docs_per_s=U stage_tokens_per_s=V overhead_pct=P rules_pct=R model_pct=M``
(rules: the quote and mention rules; model: ``learned.attribute`` over the rules' quotes).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench import SHARED_CORPUS, base_articles

from newsetl.clean import clean_document
from newsetl.extract import extract_texts, find_mentions, find_quotes, load_nlp
from newsetl.extract.learned import attribute
from newsetl.ingest.formats import txt_document
from newsetl.settings import get_settings


def clean_texts(corpus: Path) -> list[str]:
    """The clean body of every real article, as the pipeline's clean stage produces it."""
    texts = []
    for stem, text in base_articles(corpus):
        document = txt_document(text, source_uri=f"{stem}.txt", encoding="utf-8", byte_count=len(text))
        texts += [article.clean_text for article in clean_document(document) if article.clean_text]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=150, help="articles to parse (the first N of the corpus)")
    parser.add_argument("--rounds", type=int, default=3, help="timings of each side; the fastest counts")
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    args = parser.parse_args()

    batch_size = get_settings().nlp_batch_size
    texts = clean_texts(args.corpus)[: args.docs]
    nlp = load_nlp("en")  # loaded once, outside the timings, as a worker does
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))  # also warms up

    spacy_s = stage_s = rules_s = model_s = float("inf")
    for _ in range(args.rounds):  # alternate, so that load on the machine hits both sides
        started = time.process_time()
        docs = list(nlp.pipe(texts, batch_size=batch_size))
        parsed = time.process_time()
        rule_quotes = [find_quotes(doc, language="en") for doc in docs]
        for doc in docs:
            find_mentions(doc)
        ruled = time.process_time()
        for doc, quotes in zip(docs, rule_quotes, strict=True):
            attribute(doc, quotes, language="en")
        modelled = time.process_time()
        extract_texts(texts, "en", batch_size=batch_size)
        spacy_s = min(spacy_s, parsed - started)
        rules_s = min(rules_s, ruled - parsed)
        model_s = min(model_s, modelled - ruled)
        stage_s = min(stage_s, time.process_time() - modelled)

    overhead = 100 * (stage_s / spacy_s - 1)
    print(f"{'':30}{'CPU s':>10}{'docs/s':>10}{'tokens/s':>12}")
    rows = (("bare spaCy nlp.pipe", spacy_s), ("extraction stage (parse+rules)", stage_s))
    for name, seconds in (*rows, ("  of which the rules", rules_s), ("  of which the learned tagger", model_s)):
        print(f"{name:30}{seconds:10.2f}{len(texts) / seconds:10.2f}{tokens / seconds:12.0f}")
    print(f"{len(texts)} articles, {tokens} tokens, batch size {batch_size}, best of {args.rounds} rounds; "
          f"the stage costs {overhead:.1f} % more than the bare model (target: at most 25 %), "
          f"the rules alone {100 * rules_s / spacy_s:.1f} % of the parse, the learned tagger "
          f"{100 * model_s / spacy_s:.1f} %")
    print(f"bench_extract docs={len(texts)} tokens={tokens} spacy_docs_per_s={len(texts) / spacy_s:.2f} "
          f"spacy_tokens_per_s={tokens / spacy_s:.0f} stage_docs_per_s={len(texts) / stage_s:.2f} "
          f"stage_tokens_per_s={tokens / stage_s:.0f} overhead_pct={overhead:.1f} "
          f"rules_pct={100 * rules_s / spacy_s:.1f} model_pct={100 * model_s / spacy_s:.1f}")


if __name__ == "__main__":
    main()
