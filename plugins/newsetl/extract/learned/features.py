"""Token features of the learned attribution tagger: the parse, the quotation marks and the rules.

The tagger labels every token of a paragraph as part of a source, a cue or a content (BIO),
like PolNeAR's one-tag-per-token annotation. It sees what the rule extractor sees and what it
decided: the word, lemma, part of speech and dependency of each token and its neighbours, whether
a quotation mark pair encloses it (``quote_marks``), whether it is a cue of the rule lexicon
(``cues.is_cue``), which cue governs it and through which dependency, and whether a rule quote
or a rule speaker covers it. So the rules become evidence the model weighs against the parse,
learned from the training split rather than tuned by hand: where a rule is reliable, its feature
earns a large weight; where PolNeAR counts what no rule names ("lifted sanctions", "backs"), the
words and the parse decide.

Features are plain strings (``"d=ccomp"``), the form ``pycrfsuite`` takes fastest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from spacy.attrs import IS_SPACE

from newsetl.extract.columns import Columns, CueFlags
from newsetl.extract.cues import CueLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsetl.records import Quote

# How far up the parse a token looks for the cue that governs it.
MAX_CUE_DEPTH = 6
# Which of a token's own features its neighbours see, by distance.
NEAR_KEYS = ("w", "l", "p", "d", "q", "c", "rc", "rs", "e", "a")
FAR_KEYS = ("w", "p", "q", "rc", "c")
WINDOW = ((-2, FAR_KEYS), (-1, NEAR_KEYS), (1, NEAR_KEYS), (2, FAR_KEYS))
# Every token has these features first, in this order (``token_features``), so a neighbour's are
# found by position in its list of strings.
OWN_KEYS = ("w", "l", "p", "t", "d", "s", "hl", "hd", "q", "c", "a", "rc", "rt", "rs", "e")
NEAR_AT = tuple(OWN_KEYS.index(key) for key in NEAR_KEYS)
FAR_AT = tuple(OWN_KEYS.index(key) for key in FAR_KEYS)
A_AT, C_AT = OWN_KEYS.index("a"), OWN_KEYS.index("c")


def paragraphs(doc: Doc) -> list[list[int]]:
    """Token indices of each paragraph, whitespace tokens left out (the tagger's sequences)."""
    found: list[list[int]] = []
    current: list[int] = []
    for i, space in enumerate(doc.to_array(IS_SPACE).tolist()):  # no Token object per token
        if space:
            if current and "\n" in doc[i].text:
                found.append(current)
                current = []
            continue
        current.append(i)
    if current:
        found.append(current)
    return found


def _token_ranges(doc: Doc, ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The token range [start, end) of each non-empty character range (widened to whole tokens)."""
    found = []
    for start, end in ranges:
        span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
        if span is not None and len(span):
            found.append((span.start, span.end))
    return found


def _governing_cue(i: int, columns: Columns, cues: CueFlags) -> str:
    """The dependency through which the nearest cue above token ``i`` reaches it, and on which side:
    "ccomp>" for a word of a clause after "said", "nsubj<" for the speaker before it."""
    child = i
    for _ in range(MAX_CUE_DEPTH):
        head = columns.head[child]
        if head == child:
            return ""
        if cues[head]:
            return f"{columns.dep[child]}{'<' if i < head else '>'}"
        child = head
    return ""


def token_features(
    doc: Doc,
    lexicon: CueLexicon,
    rule_quotes: Sequence[Quote],
    tokens: Iterable[int] | None = None,
    *,
    columns: Columns | None = None,
) -> dict[int, list[str]]:
    """Each token's own features as ``key=value`` strings, the keys of ``OWN_KEYS`` first and in
    that order (neighbours take theirs by position), then "ss=1" at a sentence start.

    ``tokens``: the indices to describe (default: all); the tagger asks only for the paragraphs it
    tags, and a token's features never depend on which others are asked for. ``columns``: the
    Doc's, when the caller has them already.
    """
    col = columns or Columns.of(doc)
    cues = CueFlags.of(doc, lexicon)
    quoted = [False] * len(doc)
    for start, end in _token_ranges(doc, [(s.start, s.end) for s in col.quoted]):
        quoted[start:end] = [True] * (end - start)
    rule_content: dict[int, str] = {}  # token -> "B" (a rule quote starts there) or "I"
    rule_type: dict[int, str] = {}
    for q in rule_quotes:
        for start, end in _token_ranges(doc, [(q.start_char, q.end_char)]):
            for i in range(start, end):
                rule_type[i] = q.quote_type
                rule_content.setdefault(i, "I")
            rule_content[start] = "B"
    rule_speaker = [False] * len(doc)
    speakers = [(q.speaker_start_char, q.speaker_end_char) for q in rule_quotes if q.speaker_start_char is not None]
    for start, end in _token_ranges(doc, speakers):  # type: ignore[arg-type]
        rule_speaker[start:end] = [True] * (end - start)
    feats = {}
    for i in range(len(doc)) if tokens is None else tokens:
        head = col.head[i]
        f = [
            "w=" + col.lower[i],
            "l=" + col.lemma[i],
            "p=" + col.pos[i],
            "t=" + col.tag[i],
            "d=" + col.dep[i],
            "s=" + col.shape[i],
            "hl=" + col.lemma[head],
            f"hd={col.dep[i]}:{col.pos[head]}",
            "q=1" if quoted[i] else "q=0",
            "c=1" if cues[i] else "c=0",
            "a=" + _governing_cue(i, col, cues),
            "rc=" + rule_content.get(i, "0"),
            "rt=" + rule_type.get(i, ""),
            "rs=1" if rule_speaker[i] else "rs=0",
            "e=" + col.ent[i],
        ]
        if col.sent_start[i]:
            f.append("ss=1")
        feats[i] = f
    return feats


def sequence_items(feats: Mapping[int, list[str]], indices: Sequence[int]) -> list[list[str]]:
    """The tagger's input for one paragraph: each token's features and its neighbours'."""
    own = [feats[i] for i in indices]
    # a neighbour's feature is its own string behind the offset: "-1" + "w=said"; each token's
    # strings for each offset are made once, then every item is one list display
    far_at, near_at = FAR_AT, NEAR_AT
    before2 = [[f"-2{item[k]}" for k in far_at] for item in own]
    before1 = [[f"-1{item[k]}" for k in near_at] for item in own]
    after1 = [[f"1{item[k]}" for k in near_at] for item in own]
    after2 = [[f"2{item[k]}" for k in far_at] for item in own]
    n = len(own)
    edge = {offset: [f"{offset}=edge"] for offset, _ in WINDOW}
    return [
        [
            *mine,
            f"a|c={mine[A_AT][2:]}|{mine[C_AT][2:]}",
            *(before2[k - 2] if k >= 2 else edge[-2]),
            *(before1[k - 1] if k >= 1 else edge[-1]),
            *(after1[k + 1] if k + 1 < n else edge[1]),
            *(after2[k + 2] if k + 2 < n else edge[2]),
        ]
        for k, mine in enumerate(own)
    ]
