"""The cue lexicon loader (newsetl.extract.cues): sections, kinds, and the files it refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsetl.extract import cues
from newsetl.extract.cues import KINDS, RulesFileError, cue_lexicon


def test_every_english_cue_has_a_kind() -> None:
    lexicon = cue_lexicon("en")
    verbs = lexicon.words | {f"{head} {particle}" for head, particle in lexicon.phrases}
    assert verbs == set(lexicon.kinds)
    assert lexicon.nouns == set(lexicon.noun_kinds)
    assert lexicon.stances == set(lexicon.stance_kinds)
    assert set(lexicon.kinds.values()) | set(lexicon.noun_kinds.values()) <= set(KINDS)


@pytest.mark.parametrize(
    ("lemma", "kind"),
    [("say", "speech"), ("according to", "speech"), ("believe", "thought"), ("want", "intention"),
     ("pledge", "intention"), ("endorse", "other"), ("agree with", "other"), ("rule", "other")],
)
def test_kinds_of_english_cues(lemma: str, kind: str) -> None:
    assert cue_lexicon("en").kinds[lemma] == kind


def test_a_kind_section_keeps_the_scope_of_its_section() -> None:
    lexicon = cue_lexicon("en")
    # "[speech: other]" reports objects like speech ("endorsed Trump"), but is not speech
    assert lexicon.allows("endorse", "object")
    assert not lexicon.allows("think", "object")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[speach]\nsay\n", "unknown section [speach]"),
        ("[speech: shouting]\nsay\n", "cannot take kind 'shouting'"),
        ("[sources: speech]\nreporter\n", "cannot take kind 'speech'"),
        ("[speech]\n[thought]\nthink\n", "section [speech] is empty"),
        ("say\n[speech]\ntell\n", "before any section"),
        ("[speech]\nsay\n[speech: other]\nsay\n", "listed as speech and as other"),
        ("[speech]\nspeak up about\n", "more than two words"),
    ],
)
def test_the_loader_refuses_a_bad_rules_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    (tmp_path / "cue_verbs_xx.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(cues, "RULES_DIR", tmp_path)
    with pytest.raises(RulesFileError, match=re.escape(message)):
        cues.cue_lexicon.__wrapped__("xx")
