"""The learned quote decision (newsetl.extract.learned.decision): features, labels, selection.

Sentences are written for these tests (none comes from the PolNeAR splits).
"""

from __future__ import annotations

from dataclasses import replace

import numpy

from newsetl.extract.learned.corpus import CorpusArticle
from newsetl.extract.learned.decision import (
    DECISION_PATH,
    Candidate,
    Decision,
    gold_word_spans,
    labels,
    load_decision,
    select,
)
from newsetl.extract.learned.tagger import MODEL_NAME, candidates_of, learned_quotes
from newsetl.records import Quote

TEXT = "The harbour master said the pier would close. Fishermen fear the ban will last all winter."


def quote(part: str, method: str = "cue_clause") -> Quote:
    start = TEXT.index(part)
    return Quote(part, "indirect", "x", "say", start, start + len(part), 0, "speech", method)


def candidate(part: str, origin: str, **features: float) -> Candidate:
    return Candidate(quote(part, "cue_clause" if origin == "rule" else MODEL_NAME), origin, {origin: 1.0, **features})


# hit = sigmoid(2 * rule + 1 * model + 3 * good - 2); exact = sigmoid(4 * tight - 2)
DECISION = Decision(("good", "model", "rule", "tight"), numpy.array([3.0, 1.0, 2.0, 0.0, -2.0]),
                    numpy.array([0.0, 0.0, 0.0, 4.0, -2.0]), 0.5)


def test_overlapping_candidates_keep_the_likelier_boundaries() -> None:
    rule = candidate("the pier would close", "rule", good=1.0)
    model = candidate("the pier would close.", "model", good=1.0, tight=1.0)
    assert [c.origin for c in select([rule, model], DECISION)] == ["model"]


def test_a_candidate_below_the_threshold_is_dropped_and_disjoint_ones_are_kept() -> None:
    weak = candidate("the ban will last all winter", "model")  # hit = sigmoid(-1)
    rule = candidate("the pier would close", "rule")  # hit = sigmoid(0) = 0.5
    assert [c.quote.quote_text for c in select([weak, rule], DECISION)] == ["the pier would close"]
    assert select([], DECISION) == []


def test_a_model_phrase_alone_off_its_cue_is_not_kept() -> None:
    # hit = sigmoid(1 + 3 - 2): likely, but a model phrase no rule quote overlaps, not a clause,
    # not hanging on its cue ("fear the ban" with the cue "say")
    loose = candidate("the ban", "model", good=1.0, other_none=1.0)
    assert select([loose], DECISION) == []
    on_cue = candidate("the ban", "model", good=1.0, other_none=1.0, **{"model:on_cue": 1.0})
    clause = candidate("the ban will last all winter", "model", good=1.0, other_none=1.0, **{"model:clause": 1.0})
    beside_a_rule = candidate("the ban", "model", good=1.0)
    assert all(len(select([kept], DECISION)) == 1 for kept in (on_cue, clause, beside_a_rule))
    copula = Candidate(replace(on_cue.quote, cue_verb="be"), "model", on_cue.features)
    assert select([copula], DECISION) == []


def test_labels_are_the_best_token_jaccard_with_a_gold_content() -> None:
    raw = "Headline\n" + TEXT
    article = CorpusArticle("x.txt", "x", TEXT, tuple(range(9, 9 + len(TEXT))))
    start = raw.index("the pier")
    gold = gold_word_spans(TEXT, article, [{"content_spans": [[start, start + len("the pier would close")]]}])
    exact, partial, miss = (
        candidate("the pier would close.", "rule"),
        candidate("The harbour master said the pier", "rule"),  # 2 of 8 words: Jaccard 0.25
        candidate("the ban will last all winter", "model"),
    )
    assert labels(TEXT, [exact, partial, miss], gold) == [(1, 1), (0, 0), (0, 0)]


def test_candidates_describe_both_origins(nlp_en) -> None:
    from newsetl.extract.quotes import find_quotes

    doc = nlp_en(TEXT)
    candidates, model_quotes = candidates_of(doc, find_quotes(doc, language="en"), language="en")
    assert {c.origin for c in candidates} == {"rule", "model"}
    assert len([c for c in candidates if c.origin == "model"]) == len(model_quotes)
    for c in candidates:
        assert 0.0 <= c.features[c.origin + ":pcon_mean"] <= 1.0 + 1e-9
        assert c.features["log_len"] > 0
    rule = next(c for c in candidates if c.origin == "rule")
    assert rule.features["rule:" + rule.quote.extraction_method] == 1.0


def test_the_committed_decision_loads_and_keeps_a_plain_report(nlp_en) -> None:
    from newsetl.extract.quotes import find_quotes

    decision = load_decision()
    assert DECISION_PATH.exists() and 0.0 < decision.threshold < 1.0
    assert len(decision.hit) == len(decision.exact) == len(decision.names) + 1
    doc = nlp_en("Councillor Ana Ruiz said on Monday that the tram line would open two years late.")
    quotes = learned_quotes(doc, find_quotes(doc, language="en"), language="en")
    (kept,) = quotes
    assert kept.quote_text.endswith("the tram line would open two years late")
    assert "Ana Ruiz" in kept.speaker_text
