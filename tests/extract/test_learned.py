"""The learned attribution tagger (newsetl.extract.learned): gold alignment, features, decoding, model.

Every sentence here is written for these tests (none comes from the PolNeAR splits, which are
training and evaluation data); the decoding is also tested on a Doc built by hand, so that a model
release cannot change what it checks.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsetl.extract.cues import cue_lexicon
from newsetl.extract.learned.corpus import CorpusArticle, align_lines, gold_tags, raw_roles
from newsetl.extract.learned.decode import TaggedSpan, link, tagged_spans
from newsetl.extract.learned.features import paragraphs, sequence_items, token_features
from newsetl.extract.learned.tagger import (
    MODEL_NAME,
    MODEL_PATH,
    Tagged,
    _double_quoted,
    _index,
    _inside_speaker,
    _quote_type,
    _retyped,
    _with_rule_speaker,
    learned_quotes,
    load_tagger,
    quotes_from_tags,
    tag_doc,
)
from newsetl.extract.quote_marks import find_quoted_spans
from newsetl.records import Quote

# "The mayor said that the bridge will reopen ." with its parse set by hand.
WORDS = ["The", "mayor", "said", "that", "the", "bridge", "will", "reopen", "."]
HEADS = [1, 2, 2, 7, 5, 7, 7, 2, 2]
DEPS = ["det", "nsubj", "ROOT", "mark", "det", "nsubj", "aux", "ccomp", "punct"]
POS = ["DET", "NOUN", "VERB", "SCONJ", "DET", "NOUN", "AUX", "VERB", "PUNCT"]
LEMMAS = ["the", "mayor", "say", "that", "the", "bridge", "will", "reopen", "."]
TAGS = ["O", "B-SRC", "B-CUE", "B-CON", "I-CON", "I-CON", "I-CON", "I-CON", "O"]


def hand_doc() -> Doc:
    return Doc(Vocab(), words=WORDS, heads=HEADS, deps=DEPS, pos=POS, lemmas=LEMMAS)


def test_align_lines_maps_kept_lines_back_to_the_raw_text() -> None:
    raw = "Headline cut by the clean stage\n  First paragraph.  \nSecond line\n\nNext paragraph."
    clean = "First paragraph.\nSecond line\n\nNext paragraph."
    offsets = align_lines(raw, clean)
    assert len(offsets) == len(clean)
    assert raw[offsets[clean.index("Second")]] == "S"
    assert raw[offsets[clean.index("Next")] : offsets[clean.index("Next")] + 4] == "Next"
    assert offsets[clean.index("\n\n")] == -1  # a line break clean text put back has no source


def test_raw_roles_numbers_each_span_piece() -> None:
    attribution = {"content_spans": [[10, 12], [20, 22]], "source": [0, 3], "cue": [4, 8]}
    roles = raw_roles([attribution])
    assert roles[0][0] == "SRC" and roles[5][0] == "CUE" and roles[11][0] == "CON"
    assert roles[10][1] != roles[21][1]  # two content pieces: two B- tags
    assert 15 not in roles


def test_gold_tags_follow_the_clean_text_offsets() -> None:
    doc = hand_doc()
    text = doc.text
    article = CorpusArticle("x.txt", "x", text, tuple(range(len(text))))
    content = text.index("that")
    attribution = {
        "source": [text.index("mayor"), text.index("mayor") + 5],
        "cue": [text.index("said"), text.index("said") + 4],
        "content": [content, text.index(" .")],
    }
    assert gold_tags(doc, article, [attribution]) == TAGS


def test_tagged_spans_split_on_b_tags_and_role_changes() -> None:
    indices = list(range(9))
    spans = tagged_spans(indices, TAGS)
    assert spans == [TaggedSpan("SRC", 1, 2), TaggedSpan("CUE", 2, 3), TaggedSpan("CON", 3, 8)]
    two = tagged_spans([0, 1, 2, 3], ["B-CON", "I-CON", "B-CON", "I-CON"])
    assert [(s.start, s.end) for s in two] == [(0, 2), (2, 4)]


def test_link_joins_content_to_its_cue_and_the_cue_to_its_subject() -> None:
    doc = hand_doc()
    (found,) = link(doc, tagged_spans(list(range(9)), TAGS))
    assert (found.cue.start, found.source.start) == (2, 1)


def test_quotes_from_tags_gives_a_record_with_lemma_cue_and_speaker() -> None:
    doc = hand_doc()
    (quote,) = quotes_from_tags(doc, [Tagged(list(range(9)), TAGS, [1.0] * 9)], [])
    assert quote.quote_text == "that the bridge will reopen"
    assert (quote.quote_type, quote.cue_verb, quote.speaker_text) == ("indirect", "say", "The mayor")
    assert (quote.attribution_kind, quote.extraction_method) == ("speech", MODEL_NAME)


def test_features_see_quotation_marks_cues_and_the_governing_cue(nlp_en) -> None:
    doc = nlp_en("The harbour master said that “the pier is closed until spring.”")
    feats = token_features(doc, cue_lexicon("en"), [])
    by_word = {t.text: dict(feature.split("=", 1) for feature in feats[t.i]) for t in doc}
    assert by_word["said"]["c"] == "1"
    assert by_word["pier"]["q"] == "1" and by_word["master"]["q"] == "0"
    assert by_word["closed"]["a"] == "ccomp>"
    assert by_word["master"]["a"] == "nsubj<"


def test_sequence_items_are_one_per_token_of_each_paragraph(nlp_en) -> None:
    doc = nlp_en("The council voted late.\n\nIts chair said the budget was final.")
    feats = token_features(doc, cue_lexicon("en"), [])
    sequences = paragraphs(doc)
    assert len(sequences) == 2
    items = sequence_items(feats, sequences[1])
    assert len(items) == len(sequences[1])
    assert "-1=edge" in items[0] and "1=edge" in items[-1]


def test_features_of_some_tokens_are_those_of_the_whole_doc(nlp_en) -> None:
    doc = nlp_en("Rain fell all night.\n\n“The dam will hold,” the engineer told the town council.")
    lexicon = cue_lexicon("en")
    everything = token_features(doc, lexicon, [])
    second = paragraphs(doc)[1]
    assert token_features(doc, lexicon, [], second) == {i: everything[i] for i in second}


def test_only_paragraphs_with_a_cue_or_a_quotation_mark_are_tagged(nlp_en) -> None:
    doc = nlp_en(
        "Heavy rain fell overnight.\n\n"
        "The engineer said the dam would hold.\n\n"
        "“Stay indoors tonight.”"
    )
    first, second, third = paragraphs(doc)
    assert [t.indices for t in tag_doc(doc, [], language="en")] == [second, third]


def test_the_committed_model_loads() -> None:
    assert MODEL_PATH.exists()
    assert len(load_tagger().labels()) >= 7  # O and B-/I- of source, cue and content


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "“We will rebuild the harbour wall before the first storms,” the port director told reporters.",
            "We will rebuild the harbour wall before the first storms",
            "director",
        ),
        (
            "Councillor Ana Ruiz said on Monday that the tram line would open two years late.",
            "the tram line would open two years late",
            "Ana Ruiz",
        ),
    ],
)
def test_the_committed_model_tags_a_written_sentence(nlp_en, text: str, content: str, speaker: str) -> None:
    doc = nlp_en(text)
    quotes = quotes_from_tags(doc, tag_doc(doc, [], language="en"), [])  # no rule evidence: the model alone
    assert any(content in q.quote_text and speaker in (q.speaker_text or "") for q in quotes), quotes


def test_learned_quotes_cover_the_plain_rule_quotes_in_document_order(nlp_en) -> None:
    from newsetl.extract.quotes import find_quotes

    doc = nlp_en(
        "The ferry operator said on Sunday that crossings would resume. “We have checked every hull,” "
        "its chief engineer told the local radio."
    )
    rules = find_quotes(doc, language="en")
    quotes = learned_quotes(doc, rules, language="en")
    # each rule quote is kept, or the model's reading of the same words with other boundaries
    assert all(any(q.start_char < r.end_char and q.end_char > r.start_char for q in quotes) for r in rules)
    assert len(quotes) == len(rules)
    assert [q.start_char for q in quotes] == sorted(q.start_char for q in quotes)


TEXT = "The coach said the squad was “ready for anything” and that “nobody is injured.”"


def quote(part: str, quote_type: str) -> Quote:
    start = TEXT.index(part)
    return Quote(part, quote_type, None, None, start, start + len(part), 0, "speech", MODEL_NAME)


def test_a_rule_quotation_inside_a_longer_model_report_is_mixed() -> None:
    rule = quote("ready for anything", "direct")
    assert _retyped(rule, _index([quote("the squad was “ready for anything", "mixed")])).quote_type == "mixed"
    assert _retyped(rule, _index([quote("ready for anything", "direct")])).quote_type == "direct"
    assert _retyped(rule, _index([quote("nobody is injured.", "direct")])).quote_type == "direct"  # not around it


def test_a_model_content_over_a_rule_quote_takes_its_speaker_and_a_missing_cue() -> None:
    rule = replace(quote("the squad was “ready for anything", "mixed"), speaker_text="The coach",
                   cue_verb="say", attribution_kind="speech", extraction_method="cue_clause")
    cueless = quote("the squad was “ready for anything”", "mixed")
    taken = _with_rule_speaker(cueless, _index([rule]))
    assert (taken.speaker_text, taken.cue_verb, taken.extraction_method) == ("The coach", "say", MODEL_NAME)
    own_cue = _with_rule_speaker(replace(cueless, cue_verb="insist"), _index([rule]))
    assert (own_cue.speaker_text, own_cue.cue_verb) == ("The coach", "insist")  # its own cue stays
    elsewhere = quote("nobody is injured.", "direct")
    assert _with_rule_speaker(elsewhere, _index([rule])) == elsewhere  # no overlap, nothing taken


def test_a_complementizer_before_a_quotation_keeps_it_direct() -> None:
    rule = quote("nobody is injured.", "direct")
    assert _retyped(rule, _index([quote("that “nobody is injured.", "mixed")])).quote_type == "direct"


def test_a_model_content_of_that_and_a_quotation_is_direct() -> None:
    text = "The coach said that “the squad is ready for the final.”"
    mask = _double_quoted(text, find_quoted_spans(text))
    start = text.index("that")
    assert _quote_type(text, start, len(text), mask) == "direct"
    assert _quote_type(text, text.index("said"), len(text), mask) == "mixed"  # a word of the report's own


# "The two ministers , Ada Moss and Ben Tall , announced the truce ." with its parse set by hand.
APPOSITION = ["The", "two", "ministers", ",", "Ada", "Moss", "and", "Ben", "Tall", ",", "announced", "the",
              "truce", "."]
APPOSITION_HEADS = [2, 2, 10, 2, 5, 2, 5, 8, 5, 2, 10, 12, 10, 10]
APPOSITION_DEPS = ["det", "nummod", "nsubj", "punct", "compound", "appos", "cc", "compound", "conj", "punct",
                   "ROOT", "det", "dobj", "punct"]


def test_a_content_holding_or_hanging_on_its_speaker_is_a_tagging_slip() -> None:
    doc = Doc(Vocab(), words=APPOSITION, heads=APPOSITION_HEADS, deps=APPOSITION_DEPS)
    text = doc.text
    speaker_end = text.index(" ,")

    def content(start: int, end: int) -> Quote:
        return Quote(text[start:end], "indirect", "The two ministers", "announce", start, end, 0, "speech", MODEL_NAME,
                     speaker_start_char=0, speaker_end_char=speaker_end)

    truce = (text.index("the truce"), text.index(" ."))
    names = content(text.index("Ada"), text.index("Tall") + 4)
    assert _inside_speaker(doc, names)  # the speaker's apposition
    assert _inside_speaker(doc, content(0, truce[1]))  # the whole sentence, speaker and cue with it
    assert not _inside_speaker(doc, content(*truce))  # what was announced
    unplaced = replace(names, speaker_start_char=None, speaker_end_char=None)
    assert _inside_speaker(doc, unplaced)  # a description without offsets is found as written


def _plain_sequence_items(feats: dict[int, list[str]], indices: list[int]) -> list[list[str]]:
    """The tagger's input as first written, one neighbour at a time: the specification that the
    faster ``sequence_items`` must match string for string (the model's tags follow from it)."""
    from newsetl.extract.learned.features import OWN_KEYS, WINDOW

    own = [feats[i] for i in indices]
    items = []
    for k, mine in enumerate(own):
        item = [*mine, f"a|c={mine[OWN_KEYS.index('a')][2:]}|{mine[OWN_KEYS.index('c')][2:]}"]
        for offset, keys in WINDOW:
            j = k + offset
            if 0 <= j < len(own):
                item += [f"{offset}{own[j][OWN_KEYS.index(key)]}" for key in keys]
            else:
                item.append(f"{offset}=edge")
        items.append(item)
    return items


def _sample_docs(nlp_en) -> list[Doc]:
    from tests.conftest import SAMPLE_CORPUS

    return list(nlp_en.pipe(p.read_text(encoding="utf-8") for p in sorted(SAMPLE_CORPUS.glob("*.txt"))))


def test_sequence_items_and_cue_flags_are_those_of_the_plain_definitions(nlp_en) -> None:
    """The features are built faster than first written (each neighbour string made once, no
    Token for a word no cue list names), never differently: the sample articles' tagger input
    and cue flags equal the plain definitions, so the model's tags on them are unchanged."""
    from newsetl.extract.columns import CueFlags
    from newsetl.extract.cues import is_cue

    lexicon = cue_lexicon("en")
    docs = _sample_docs(nlp_en)
    assert docs
    for doc in docs:
        flags = CueFlags.of(doc, lexicon)
        assert [flags[i] for i in range(len(doc))] == [is_cue(token, lexicon) for token in doc]
        feats = token_features(doc, lexicon, [])
        for indices in paragraphs(doc):
            assert sequence_items(feats, indices) == _plain_sequence_items(feats, indices)
