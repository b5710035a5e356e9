"""Where a content starts and ends: trimmed of punctuation, kept inside its paragraph and before a
semicolon, stopped before a comment set off by a comma or a dash, before a new report nested in
it, and before the writer's concessive remark."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from newsetl.extract.cues import CueLexicon, cue_lemma, is_cue
from newsetl.extract.quotes.parse import has_subject, is_line_break

TERMINAL_PUNCT = frozenset({".", "!", "?", "…", "\"", "”", "»", "'", "’"})


# Dependents that comment on a noun rather than restrict it, when a comma or dash sets them off.
NON_RESTRICTIVE_DEPS = frozenset({"relcl", "appos", "acl", "advcl", "acl:relcl", "parataxis"})


SETTING_OFF_PUNCT = frozenset({",", "—", "–", "-", "--", "("})


DATELINE_DASHES = frozenset({"–", "—", "-", "--"})
MAX_DATELINE_WORDS = 4  # "WASHINGTON", "NEW YORK", "SAN LUIS OBISPO"
MAX_DATELINE_TAIL = 8  # ", Calif.", ", February 3, 2020"
DATELINE_STOPS = DATELINE_DASHES | {"("}
EDGE_PUNCT = set("\"'“”„«»‘’‹›,;:—–-()[] ")


# Cue scopes of acts of speech (say, urge, pledge), not of thought or intention (believe, hope).
SPEECH_ACT_SCOPES = frozenset({"object", "request", "infinitive"})


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation and quotation marks at both ends of a token range, and a dateline at its
    start ("MOSCOW – Talks aimed at a ceasefire failed ..., the minister said": the place the
    report was filed from is not part of what was said)."""
    start = past_dateline(doc, start, end)
    while start < end and (doc[start].is_punct or doc[start].text in EDGE_PUNCT):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].text in EDGE_PUNCT):
        end -= 1
    return start, end


def past_dateline(doc: Doc, start: int, end: int) -> int:
    """Where a range starting with a paragraph's dateline ("MOSCOW –", "NEW YORK (Reuters) -",
    "GENEVA, Feb. 3, 2020 (AFP) -") really starts: after the dash. Anything else starts where it
    starts."""
    if start > 0 and not is_line_break(doc[start - 1]):
        return start
    i = start
    while i < end and i - start < MAX_DATELINE_WORDS and doc[i].is_alpha and doc[i].is_upper and len(doc[i]) > 1:
        i += 1
    if i == start:
        return start
    if i < end and doc[i].text == ",":  # the state or the date: "GENEVA, Feb. 3, 2020 (AFP) -"
        i = _dateline_tail_end(doc, i + 1, min(i + MAX_DATELINE_TAIL, end)) or i
    if i < end and doc[i].text == "(":  # the agency: "(Reuters)", "(AP)"
        close = next((j for j in range(i + 1, min(i + 4, end)) if doc[j].text == ")"), None)
        i = close + 1 if close is not None else i
    if i + 1 < end and doc[i].text in DATELINE_DASHES:
        return i + 1
    return start


def _dateline_tail_end(doc: Doc, start: int, end: int) -> int | None:
    """Where the state or date after a dateline's place ends (at its agency or dash); None when a
    lower-case word shows it is a sentence ("NATO, the EU and the UN - all three - ...")."""
    for j in range(start, end):
        if doc[j].text in DATELINE_STOPS:
            return j
        if doc[j].is_alpha and doc[j].is_lower:
            return None
    return None


def _clip_at_breaks(cue: Token, start: int, end: int, is_break: Callable[[Token], bool]) -> tuple[int, int]:
    """Clip a content range to the stretch around its cue that no break token crosses.

    A range wholly beyond a break ("X reported from A; Y, from B": the object "Y" lies past the
    semicolon) is not the cue's content: it clips to empty, never to an inverted range.
    """
    doc = cue.doc
    for i in range(cue.i - 1, start - 1, -1):
        if is_break(doc[i]):
            start = min(i + 1, end)
            break
    for i in range(cue.i + 1, end):
        if is_break(doc[i]):
            end = max(i, start)
            break
    return start, end


def in_paragraph(cue: Token, start: int, end: int) -> tuple[int, int]:
    """Clip a content range to the cue's paragraph: indirect speech does not cross a line break.

    Prompted by a page whose headline lines were glued to the next sentence by the parser, giving
    "a source in Moscow tells ..." a content that started two lines up, in a headline.
    """
    return _clip_at_breaks(cue, start, end, is_line_break)


def in_semicolons(cue: Token, start: int, end: int, inside: list[bool]) -> tuple[int, int]:
    """Clip indirect content at a semicolon outside quotation marks: "Council members said the timing
    was not deliberate; they only heard on Monday ..." reports the first clause only."""
    return _clip_at_breaks(cue, start, end, lambda t: t.text == ";" and not inside[t.i])


def block_after_colon(cue: Token, inside: list[bool]) -> tuple[int, int] | None:
    """The paragraph a cue introduces with a colon at the end of its own paragraph, when it is
    not in quotation marks: "The governor added:" + a block quote set as its own paragraph."""
    doc = cue.doc
    colon = cue.sent.end - 1
    while colon > cue.i and doc[colon].is_space:
        colon -= 1
    after = colon + 1
    if doc[colon].text != ":" or after >= len(doc) or "\n" not in doc[after].text or after + 1 >= len(doc):
        return None
    if inside[after + 1] or doc[after + 1].is_quote:
        return None  # a quotation: the quote-mark pass attributes it
    end = next((t.i for t in doc[after + 1 :] if is_line_break(t)), len(doc))
    return after + 1, end


def restrictive_end(token: Token) -> int:
    """One past the last token of ``token``'s phrase without the comments set off by a comma or a
    dash: "endorsed Tom Baker's campaign, the latest turn in a long feud" reports the campaign,
    "questioned the wisdom of hiring Mills, who has never ..." the wisdom."""
    end = token.i + 1
    for child in token.rights:
        before = token.doc[child.left_edge.i - 1]
        if child.dep_ in NON_RESTRICTIVE_DEPS and before.text in SETTING_OFF_PUNCT:
            break
        if not child.is_punct:
            end = max(end, restrictive_end(child))
    return end


def _starts_new_report(token: Token, lexicon: CueLexicon) -> bool:
    """A cue that begins an attribution of its own inside another's content: a participle
    ("..., arguing that ..."), a coordinated clause with its own subject ("..., and the
    34-year-old said ...") or a coordinated verb of speech ("... and said she would ..."). A
    subordinate one ("while X asked ...", "but that X asked ...") and a shared-subject one of
    another kind ("... and hoped ...") stay part of the content."""
    if any(c.dep_ == "mark" for c in token.children):
        return False
    if not is_cue(token, lexicon):
        return False
    own_subject = has_subject(token)
    # "... promised to continue and said she would ..." (a speech verb), not "... and hoped ..."
    said_too = lexicon.scopes.get(cue_lemma(token, lexicon)) in SPEECH_ACT_SCOPES
    return token.dep_ == "advcl" or (token.dep_ == "conj" and (own_subject or said_too))


def _is_concessive(token: Token, lexicon: CueLexicon) -> bool:
    """"..., although he again refused ...": the writer's comment on what was said."""
    concessive = lexicon.quote_words.concessive
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in concessive for c in token.children)


def before_next_report(clause: Token, cue: Token, lexicon: CueLexicon) -> int:
    """Where ``clause`` ends: before a new report set off by a comma or a conjunction ("said he
    didn't believe it, arguing that ...") and, after the cue, before a concessive comment."""
    doc, end = clause.doc, clause.right_edge.i + 1
    for token in clause.subtree:
        if token.i <= clause.i:
            continue
        start = token.left_edge.i
        if _starts_new_report(token, lexicon):
            while start > clause.i and (doc[start - 1].is_punct or doc[start - 1].dep_ == "cc"):
                start -= 1
            if start < token.left_edge.i:
                end = min(end, start)
        elif (
            clause.i > cue.i and token.head.i == clause.i and doc[start - 1].is_punct and _is_concessive(token, lexicon)
        ):
            end = min(end, start - 1)
    return end


def sentence_end(sent: Span) -> int:
    """Where ``sent`` really ends: a parse with two roots splits a sentence in the middle
    ("Poutine a informé | Angela Merkel du résultat"), so a "sentence" that does not end with
    closing punctuation runs on into the next, within its paragraph."""
    doc, end = sent.doc, sent.end
    while end < len(doc) and not doc[end - 1].is_space and doc[end - 1].text not in TERMINAL_PUNCT:
        end = doc[end].sent.end
    return end
