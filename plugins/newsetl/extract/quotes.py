"""Find attributed statements in a parsed article: direct, indirect and mixed quotes.

Three passes, as the Gender Gap Tracker's ``extract_quotes`` composes its syntactic, floating and
heuristic passes, but as small module functions over one parsed Doc (no re-parsing, no regex over
tokens):

1. *clauses*: a reporting cue (``rules/cue_verbs_<lang>.txt``) with a content clause: its
   ``ccomp`` ("Lavrov stressed that Moscow will continue..."), a "that"-clause of its object
   ("expressed hope that..."), the clause before a postposed "X said" / "..., sources said", or
   the clause around "according to X"; also a reported object ("criticized the foundation"), a
   cue noun's clause or topic ("his claim that ...") and a stance adjective's ("are afraid that");
2. *marks*: quotations (``quote_marks.find_quoted_spans``) not covered by a clause, attributed to
   a cue in their own sentence or at the end of the sentence before (``Lavrov said:``);
3. *floating*: a whole quoted sentence with no cue continues the previous quote's speaker.

The type follows the quotation marks over the content's words: all inside is ``direct``, some is
``mixed`` (``told the media that the plan “neglected many of the LNA’s demands...”``), none is
``indirect``. Cues inside quotation marks are skipped: in ``“Today we can report that...,” said
Lavrov`` the statement is Lavrov's, not a nested report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from newsetl.extract.cues import (
    PREPOSITION_WORDS,
    CueLexicon,
    cue_lexicon,
    is_cue,
    is_preposition_cue,
    surface_stems,
)
from newsetl.extract.quote_marks import QuotedSpan, find_quoted_spans
from newsetl.extract.speakers import (
    AGENT_DEPS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    Speaker,
    antecedent,
    can_speak,
    is_place,
    resolve,
    speaker_of,
    subject_of,
)
from newsetl.records import Quote

CONTENT_DEPS = frozenset({"ccomp"})
NOUN_CONTENT_DEPS = frozenset({"acl", "ccomp", "acl:relcl"})
# Verbs whose subject holds the claim or plan that is their object: "made the claim that ...".
HOLDER_VERBS = frozenset(
    {"make", "issue", "repeat", "express", "voice", "reiterate", "offer", "announce", "unveil", "raise", "have"}
)
OBJECT_CONTENT_DEPS = frozenset({"dobj", "obj", "oprd", "dative"})
# A preposition that gives the topic of any speech cue ("brags about his prowess"); other
# prepositions do so only for the verb pairs the lexicon lists ("called for", "spoke of").
TOPIC_MARKERS = frozenset({"about"})
TOPIC_PREPOSITIONS = frozenset({"about", "of", "over", "on", "against", "for"})
# Prepositions that carry the rest of a reported object: "accused Clinton of lying",
# "criticized him for ...", "described the plan as ...", "likened RT to the BBC".
OBJECT_PREPOSITIONS = frozenset({"of", "for", "as", "to", "about", "over"})
# Without a speaker, "as" mostly classifies ("is observed as a day of sacrifice", "was viewed as
# favorable"); "accused of", "criticized for" still report.
AGENTLESS_PREPOSITIONS = OBJECT_PREPOSITIONS - {"as"}
# Verbs whose object is the addressee, not the content: "told reporters", "informed Merkel".
ADDRESSEE_VERBS = frozenset(
    {
        "tell",
        "inform",
        "notify",
        "ask",
        "remind",
        "assure",
        "warn",
        "brief",
        "urge",
        "dire",
        "informer",
        "prévenir",
    }
)
TERMINAL_PUNCT = frozenset({".", "!", "?", "…", "\"", "”", "»", "'", "’"})
PRESENT_TAGS = frozenset({"VBZ", "VBP", "MD"})
# Dependents that comment on a noun rather than restrict it, when a comma or dash sets them off.
NON_RESTRICTIVE_DEPS = frozenset({"relcl", "appos", "acl", "advcl", "acl:relcl", "parataxis"})
SETTING_OFF_PUNCT = frozenset({",", "—", "–", "-", "--", "("})
COMPLEMENTIZERS = frozenset({"that", "que", "qu'", "qu’"})
CONCESSIVE = frozenset({"although", "though", "while", "whereas"})
# Cue scopes of acts of speech (say, urge, pledge), not of thought or intention (believe, hope).
SPEECH_ACT_SCOPES = frozenset({"object", "request", "infinitive"})
POSTPOSED_DEPS = frozenset({"parataxis", "advcl", "conj"})
DASH_CHARS = frozenset("—―–-")
EDGE_PUNCT = set("\"'“”„«»‘’‹›,;:—–-()[] ")
MIN_FLOATING_WORDS = 5  # a quoted sentence shorter than this is a title or scare quote
MIN_ADJACENT_WORDS = 3
MAX_TITLE_WORDS = 6


class Candidate(NamedTuple):
    """An attribution before typing: content token range, its cue and subject."""

    start: int  # first token of the content
    end: int  # one past its last token
    cue: Token | None
    subject: Token | None
    source: str  # clause | object | noun | stance | marks | labelled | floating
    rule: str  # the named rule that found it: fct_quotes.extraction_method


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in token.children)


def _has_doer(token: Token) -> bool:
    """A subject or a passive agent: someone named as doing it."""
    return any(c.dep_ in SUBJECT_DEPS or c.dep_ in AGENT_DEPS for c in token.children)


def _is_line_break(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def _is_word(token: Token) -> bool:
    return token.is_alpha or token.like_num


def _quote_token_ranges(doc: Doc, spans: list[QuotedSpan]) -> dict[QuotedSpan, tuple[int, int]]:
    """Token ranges of the quoted spans (the tokens the span touches)."""
    ranges = {}
    for span in spans:
        sp = doc.char_span(span.start, span.end, alignment_mode="expand")
        if sp is not None and len(sp):
            ranges[span] = (sp.start, sp.end)
    return ranges


def _inside_flags(n_tokens: int, ranges: list[tuple[int, int]]) -> list[bool]:
    inside = [False] * n_tokens
    for start, end in ranges:
        inside[start:end] = [True] * (end - start)
    return inside


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation and quotation marks at both ends of a token range."""
    while start < end and (doc[start].is_punct or doc[start].text in EDGE_PUNCT):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].text in EDGE_PUNCT):
        end -= 1
    return start, end


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


def _in_paragraph(cue: Token, start: int, end: int) -> tuple[int, int]:
    """Clip a content range to the cue's paragraph: indirect speech does not cross a line break.

    Prompted by a page whose headline lines were glued to the next sentence by the parser, giving
    "a source in Moscow tells ..." a content that started two lines up, in a headline.
    """
    return _clip_at_breaks(cue, start, end, _is_line_break)


def _block_after_colon(cue: Token, inside: list[bool]) -> tuple[int, int] | None:
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
    end = next((t.i for t in doc[after + 1 :] if _is_line_break(t)), len(doc))
    return after + 1, end


def _in_semicolons(cue: Token, start: int, end: int, inside: list[bool]) -> tuple[int, int]:
    """Clip indirect content at a semicolon outside quotation marks: "Republicans said the timing
    was not intentional; they only learned on Friday ..." reports the first clause only."""
    return _clip_at_breaks(cue, start, end, lambda t: t.text == ";" and not inside[t.i])


def _marked_clause(cue: Token) -> Token | None:
    """A "that"-clause the parser hung below the cue by another route than ``ccomp``.

    "expressed hope that the conference would..." (under the object), and "Lavrov added, after
    a day of talks between ..., Fayez al-Sarraj, that no final results had been reached" (parsed
    as a relative clause of the last name). No other verb may stand between clause and cue.
    """
    for token in cue.subtree:
        marked = any(c.dep_ == "mark" and c.lower_ in COMPLEMENTIZERS for c in token.children)
        if token.i == cue.i or not marked or token.pos_ not in ("VERB", "AUX"):
            continue
        head = token.head
        while head.i != cue.i and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.i == cue.i:
            return token
    return None


def _object_content(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """What a speaker's cue reports through its object: "called the charges unsubstantiated",
    "criticized the foundation", "called for an end to the conflict" (a phrasal cue of the
    lexicon), "accused Clinton of lying" (a preposition after the object), and in the passive
    "Trump is supported by far fewer publications" (the passive subject, the agent speaking).
    PolNeAR-style attribution covers such noun-phrase contents, not only clauses. A bare
    addressee ("told reporters") is not content, and only a speaker can report this way:
    "the negotiations emphasize Moscow's influence" is not a statement.
    """
    lemma = _object_cue_lemma(cue, lexicon)
    subject = _cue_subject(cue, lexicon) if lemma is not None else None
    if lemma is None or subject is None:
        return None
    # a country's object is a policy, not a statement: "Turkey backs al-Sarraj", "Ankara supports ..."
    if not can_speak(subject, lexicon.sources) or is_place(subject):
        return None
    if subject.head.dep_ in AGENT_DEPS and subject.head.head.i == cue.i:
        passive = _passive_subject(cue)
        return (passive.left_edge.i, passive.i + 1) if passive is not None else None
    parts = _object_parts(cue, lemma, lexicon)
    if not parts:
        return None
    if cue.lemma_ in ADDRESSEE_VERBS and all(c.dep_ in OBJECT_DEPS | {"dative"} for c in parts):
        return None
    if len(parts) == 1 and parts[0].pos_ == "PRON" and parts[0].n_rights == 0:
        return None
    first = parts[0]
    # the preposition of a phrasal cue is part of the cue: "called for | an end to the war"
    start = first.i + 1 if first.dep_ == "prep" else first.left_edge.i
    return start, _restrictive_end(parts[-1])


def _object_cue_lemma(cue: Token, lexicon: CueLexicon) -> str | None:
    """The cue's lexicon entry when it may report an object, else None."""
    lemma = _cue_lemma(cue, lexicon)
    if lexicon.allows(lemma, "object") or _small_clause(cue) or _found_by_evidence(cue, lexicon):
        return lemma
    return None


def _found_by_evidence(cue: Token, lexicon: CueLexicon) -> bool:
    """A thought cue whose subject is a study, poll or report: what it finds or indicates is its
    object ("A 2014 study found 31 incidents of voter impersonation", "The poll indicates a
    tightening race")."""
    subject = subject_of(cue)
    return subject is not None and subject.lemma_.lower() in lexicon.evidence


def _small_clause(cue: Token) -> bool:
    """A judgment in the object: "found that action unconstitutional", "viewed communists as
    terrorists", "considered it a threat" (an object and what is said of it)."""
    objects = [c for c in cue.children if c.dep_ in OBJECT_DEPS and c.i > cue.i]
    predicates = [
        c for c in cue.children if c.dep_ in ("oprd", "acomp") or (c.dep_ == "prep" and c.lower_ == "as")
    ]
    return bool(objects) and any(p.i > objects[0].i for p in predicates)


def _passive_subject(cue: Token) -> Token | None:
    """The subject of a passive cue, before it: "Trump" in "Trump is supported by ..."."""
    return next((c for c in cue.children if c.dep_ in PASSIVE_SUBJECT_DEPS and c.i < cue.i), None)


def _agentless_passive(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """A report whose speaker is left unsaid: "Mr. Quiros was accused of using $50 million ...",
    "Clinton has been criticized for her emails" (the passive subject and what it is said of)."""
    lemma = _object_cue_lemma(cue, lexicon)
    if lemma is None or _cue_subject(cue, lexicon) is not None:
        return None
    passive = _passive_subject(cue)
    parts = _object_parts(cue, lemma, lexicon) or [
        c for c in cue.children if c.dep_ == "prep" and c.i > cue.i and c.lower_ in AGENTLESS_PREPOSITIONS
    ]
    if passive is None or not parts:
        return None
    return passive.left_edge.i, _restrictive_end(parts[-1])


def _restrictive_end(token: Token) -> int:
    """One past the last token of ``token``'s phrase without the comments set off by a comma or a
    dash: "endorsed Trump's campaign, the latest chapter in a rocky relationship" reports the
    campaign, "questioned the wisdom of committing to Scott, who has never ..." the wisdom."""
    end = token.i + 1
    for child in token.rights:
        before = token.doc[child.left_edge.i - 1]
        if child.dep_ in NON_RESTRICTIVE_DEPS and before.text in SETTING_OFF_PUNCT:
            break
        if not child.is_punct:
            end = max(end, _restrictive_end(child))
    return end


def _object_parts(cue: Token, lemma: str, lexicon: CueLexicon) -> list[Token]:
    """The dependents after ``cue`` that make up its reported object, in order."""
    bare_infinitive, request = lexicon.allows(lemma, "infinitive"), lexicon.allows(lemma, "request")
    intention = lexicon.allows(lemma, "intention")
    parts: list[Token] = []
    for c in cue.children:
        if c.i < cue.i:
            continue
        phrasal = c.dep_ == "prep" and ((lemma, c.lower_) in lexicon.phrases or c.lower_ in TOPIC_MARKERS)
        after_object = c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS and bool(parts)
        # "pledged to ...", and for a request only after its addressee: "urged voters to ..."
        # and for an intention only when stated as current or about speaking: "wants to ..."
        infinitive = c.dep_ == "xcomp" and (
            bare_infinitive
            or (request and bool(parts))
            or (intention and (_present_tense(cue) or _speech_verb(c, lexicon)))
        )
        # a gerund is a noun-like object: "proposed dropping carried interest"
        gerund = c.dep_ == "xcomp" and c.tag_ == "VBG"
        if c.dep_ in OBJECT_CONTENT_DEPS or phrasal or after_object or infinitive or gerund:
            parts.append(c)
    return parts


def _speech_verb(verb: Token, lexicon: CueLexicon) -> bool:
    """A verb of saying ("comment", "discuss"), not of thinking ("consider")."""
    return is_cue(verb, lexicon) and lexicon.allows(_cue_lemma(verb, lexicon), "object")


def _present_tense(verb: Token) -> bool:
    """"wants", "does not want", "has refused", "is seeking", "will try": not a narrated past act."""
    auxiliaries = (c for c in verb.children if c.dep_ in ("aux", "auxpass"))
    return verb.tag_ in PRESENT_TAGS or any(c.tag_ in PRESENT_TAGS for c in auxiliaries)


def _cue_lemma(cue: Token, lexicon: CueLexicon) -> str:
    """The lexicon entry ``cue`` matched: its lemma, or a surface stem the lemmatizer missed."""
    lemma = cue.lemma_.lower()
    if lemma in lexicon.scopes:
        return lemma
    return next((s for s in surface_stems(cue.lower_) if s in lexicon.scopes), lemma)


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
    own_subject = _has_subject(token)
    # "... promised to continue and said she would ..." (a speech verb), not "... and hoped ..."
    said_too = lexicon.scopes.get(_cue_lemma(token, lexicon)) in SPEECH_ACT_SCOPES
    return token.dep_ == "advcl" or (token.dep_ == "conj" and (own_subject or said_too))


def _is_concessive(token: Token) -> bool:
    """"..., although he again refused ...": the writer's comment on what was said."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONCESSIVE for c in token.children)


def _before_next_report(clause: Token, cue: Token, lexicon: CueLexicon) -> int:
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
        elif clause.i > cue.i and token.head.i == clause.i and _is_concessive(token) and doc[start - 1].is_punct:
            end = min(end, start - 1)
    return end


def _cue_subject(cue: Token, lexicon: CueLexicon) -> Token | None:
    """The speaker of ``cue``; for a participle that follows a report ("analysts said X has
    contributed, citing Y") the subject of that report, not of the clause it hangs from."""
    if _asked_of_the_subject(cue):
        return None
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and not _has_subject(cue):
        clause = cue.head
        while clause.dep_ not in CONTENT_DEPS and clause.dep_ in ("advcl", "conj") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ in CONTENT_DEPS and is_cue(clause.head, lexicon):
            return subject_of(clause.head)
    return subject_of(cue)


def _content_clause(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """The token range of what ``cue`` reports: its complement clause."""
    # "tweeted in the early morning hours that Machado was ...", parsed as an adverbial clause
    clauses = [
        c for c in cue.children if c.dep_ in CONTENT_DEPS or (c.dep_ == "advcl" and c.left_edge.lower_ == "that")
    ]
    after = [c for c in clauses if c.i > cue.i]
    clause = (after or clauses or [None])[0] or _marked_clause(cue)
    if clause is not None:
        return clause.left_edge.i, _before_next_report(clause, cue, lexicon)
    return None


def _postposed_content(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """The clause before a postposed cue: "Haftar will not sign the ceasefire proposal, the source
    said." """
    head = cue.head
    # "although they ...", "and officials praised ...": a clause of its own, not a postposed report
    subordinate = any(c.dep_ == "mark" and c.lower_ != "as" for c in cue.children)
    coordinated = cue.left_edge.i > 0 and cue.doc[cue.left_edge.i - 1].dep_ == "cc"
    # "..., as she tries to draw a contrast", "as she called for the ratification of ..." act on
    # something of their own: not a report of the clause before
    own_object = any(
        c.dep_ in OBJECT_DEPS or c.dep_ == "xcomp" or (c.dep_ == "prep" and (cue.lemma_, c.lower_) in lexicon.phrases)
        for c in cue.children
    )
    postposed = cue.dep_ in POSTPOSED_DEPS and head.i < cue.i and head.pos_ in ("VERB", "AUX") and not own_object
    if postposed and not (subordinate or coordinated):
        # "Haftar will not sign the ceasefire proposal, the source said." parsed with "said"
        # hanging from "sign": the content is the head clause up to the cue's own phrase,
        # which must close the sentence and have its own subject.
        closes = all(t.is_punct or t.is_space for t in cue.doc[cue.right_edge.i + 1 : cue.sent.end])
        if closes and _has_subject(cue):
            return head.left_edge.i, cue.left_edge.i
    return None


def _as_clause_content(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """The clause an "as X said" comments on: "As many tax experts have pointed out, Mr. Trump is
    free to disclose his returns" (fronted: the rest of the clause) and "Hawaii, as one adviser
    pointed out, normally does not get back-to-back hurricanes" (inside: the whole clause, which
    :func:`_quote_type` reads without the cue's words)."""
    head = cue.head
    marked = any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    if cue.dep_ != "advcl" or not marked or head.pos_ not in ("VERB", "AUX") or head.i < cue.i:
        return None
    if not _has_subject(cue):
        return None
    start = head.left_edge.i
    if start >= cue.left_edge.i:  # fronted: the content starts after the cue's phrase
        start = cue.right_edge.i + 1
        while start < head.i and cue.doc[start].is_punct:
            start += 1
    return start, head.right_edge.i + 1


def _around_parenthetical(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """The clause around a parenthetical cue: "Lenox was a juggernaut, Mr. Clarke said, until it
    went bankrupt", "But to prevent problems, he said, local officials should be vigilant".

    The content is split by the cue; one record cannot hold two pieces, so the whole clause is
    returned and :func:`_quote_type` skips the cue's own words.
    """
    head = cue.head
    if cue.dep_ != "parataxis" or head.pos_ not in ("VERB", "AUX"):
        return None
    if not _has_subject(cue):
        return None
    # "Though that transition was seamless, he said, replacing Clinton would be ...": the cue
    # closes a fronted subordinate clause; the sentence it belongs to goes on after it
    if head.dep_ == "advcl" and head.right_edge.i <= cue.right_edge.i + 1 and head.head.i > cue.i:
        head = head.head
    start, end = head.left_edge.i, head.right_edge.i + 1
    if not start < cue.left_edge.i <= cue.right_edge.i < end - 1:
        return None
    return start, end


def _preposition_content(cue: Token) -> tuple[tuple[int, int], Token | None] | None:
    """Content and source of "according to X, ..." / "..., selon X": the clause minus the cue.

    At the start or the end of a sentence the content is the rest of the sentence, whatever the
    parse: the small models sometimes make "According" a root verb, or end the clause early
    ("Selon le Kremlin, Poutine a informé Angela Merkel ..." with "Angela" a second root).
    """
    if cue.dep_ == "case":  # French: "selon" hangs from the source noun
        source, phrase = cue.head, cue.head
    else:
        obj = next((c for c in cue.subtree if c.dep_ in ("pobj", "obj")), None)
        source, phrase = obj, cue
    if source is None:
        return None
    doc, sent = cue.doc, cue.sent
    p_start, p_end = phrase.left_edge.i, phrase.right_edge.i + 1
    if all(t.is_punct or t.is_space for t in doc[sent.start : p_start]):
        end = _sentence_end(sent)
        comma = next((t.i for t in doc[source.i : end] if t.text == ","), p_end - 1)
        return (comma + 1, end), source
    if all(t.is_punct or t.is_space for t in doc[p_end : sent.end]):
        return (sent.start, p_start), source
    clause = phrase.head
    if clause.i == phrase.i:
        return None
    start, end = clause.left_edge.i, clause.right_edge.i + 1
    if p_start <= start:
        start = p_end
    elif p_end >= end:
        end = p_start
    return (start, end), source


def _sentence_end(sent: Span) -> int:
    """Where ``sent`` really ends: a parse with two roots splits a sentence in the middle
    ("Poutine a informé | Angela Merkel du résultat"), so a "sentence" that does not end with
    closing punctuation runs on into the next, within its paragraph."""
    doc, end = sent.doc, sent.end
    while end < len(doc) and not doc[end - 1].is_space and doc[end - 1].text not in TERMINAL_PUNCT:
        end = doc[end].sent.end
    return end


def _noun_content(noun: Token) -> tuple[int, int] | None:
    """The "that"-clause or infinitive a cue noun carries: "Trump's claim that there have been
    thousands of shootings", "Clinton's plan to raise taxes". Relative clauses ("the claim
    that he made") have no "that" marker and are left out."""
    for child in noun.rights:
        if child.dep_ not in NOUN_CONTENT_DEPS or child.pos_ not in ("VERB", "AUX"):
            continue
        marked = any(
            (c.dep_ == "mark" and c.lower_ in COMPLEMENTIZERS) or (c.dep_ == "aux" and c.lower_ == "to")
            for c in child.children
        )
        if marked:
            return child.left_edge.i, child.right_edge.i + 1
    # "her criticism of the foundation", "expressed concern about the policy"
    return _topic(noun)


def _topic(word: Token) -> tuple[int, int] | None:
    """What a cue noun or stance adjective is about: the object of its first topic preposition
    ("criticism of the foundation", "critical of the deal"), without the comments set off."""
    topic = next((c for c in word.rights if c.dep_ == "prep" and c.lower_ in TOPIC_PREPOSITIONS), None)
    obj = next((c for c in topic.children if c.dep_ in ("pobj", "pcomp")), None) if topic is not None else None
    return (obj.left_edge.i, _restrictive_end(obj)) if obj is not None else None


def _noun_holder(noun: Token) -> Token | None:
    """Whose claim or plan it is: the possessor ("Trump's claim"), a speaker after "by" or "from"
    ("warnings by the FBI"), else the subject of the verb that makes, repeats or expresses it
    ("Clinton made the claim that ...")."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    for prep in (c for c in noun.rights if c.dep_ == "prep" and c.lower_ in ("by", "from")):
        holder = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if holder is not None and can_speak(holder):
            return holder
    if noun.dep_ in OBJECT_DEPS and noun.head.lemma_.lower() in HOLDER_VERBS:
        return subject_of(noun.head)
    # "Trump claims that ...": a verb the tagger read as a plural noun, its subject as a compound
    if noun.dep_ == "ROOT" and noun.tag_ == "NNS" and not any(c.dep_ == "det" for c in noun.children):
        return next((c for c in noun.lefts if c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_)), None)
    return None


def _noun_candidates(doc: Doc, lexicon: CueLexicon, inside: list[bool]) -> list[Candidate]:
    """Pass 1b: cue nouns of the lexicon's ``[nouns]`` section with a content clause."""
    found = []
    for token in doc:
        if token.pos_ != "NOUN" or inside[token.i] or token.lemma_.lower() not in lexicon.nouns:
            continue
        span, holder = _noun_content(token), _noun_holder(token)
        # "an agreement to stop ..." is nobody's; "the claim that ..." is reported even unowned
        if span is not None and (holder is not None or doc[span[0]].lower_ in COMPLEMENTIZERS):
            span = _trim(doc, *_in_paragraph(token, *span))
            found.append(Candidate(*span, token, holder, "noun", "cue_noun"))
    return [c for c in found if c.end - c.start >= 3]


def _participle_modifier(cue: Token) -> bool:
    """"..., compared with 32 percent", "regarding Muslims": a participle used as a preposition,
    with no speaker of its own."""
    if cue.tag_ not in ("VBN", "VBG") or cue.lower_ in PREPOSITION_WORDS:  # "according to" reports
        return False
    return cue.dep_ == "prep" and not _has_doer(cue)


def _that_said(cue: Token) -> bool:
    """"That said, the government have argued ...": a connective, not a report."""
    doc = cue.doc
    return (
        cue.i > 0
        and cue.i + 1 < len(doc)
        and doc[cue.i - 1].lower_ in ("that", "this")
        and doc[cue.i - 1].i == cue.sent.start
        and doc[cue.i + 1].text == ","
    )


def _imperative(cue: Token) -> bool:
    """"Note that ...", "Imagine what ...": the writer addressing the reader, nobody reporting."""
    return cue.tag_ == "VB" and cue.i == cue.sent.start and not _has_subject(cue)


def _asked_of_the_subject(cue: Token) -> bool:
    """"Asked what he thought ..., Walter said": a passive participle reports what someone
    else (often the reporter) put to the subject; the question is kept, without a speaker."""
    # the tagger reads a fronted "Asked" as a past tense as often as a participle
    participle = cue.tag_ == "VBN" or (cue.tag_ == "VBD" and cue.i < cue.head.i)
    return cue.dep_ == "advcl" and participle and not _has_doer(cue)


def _stance_candidates(doc: Doc, lexicon: CueLexicon, inside: list[bool]) -> list[Candidate]:
    """Pass 1c: a view a speaker is said to hold, through a predicate adjective of the lexicon's
    ``[stances]``: "Many Democrats are afraid that ...", "Clinton has been critical of the deal"."""
    found = []
    for token in doc:
        if token.pos_ != "ADJ" or token.dep_ != "acomp" or inside[token.i]:
            continue
        if token.lemma_.lower() not in lexicon.stances:
            continue
        subject = subject_of(token.head)
        # "to make sure that ..." checks, it holds no view
        if subject is None or not can_speak(subject, lexicon.sources) or token.head.lemma_ == "make":
            continue
        clause = next((c for c in token.rights if c.dep_ in CONTENT_DEPS), None)
        span = (clause.left_edge.i, clause.right_edge.i + 1) if clause is not None else _topic(token)
        if span is None:
            continue
        found.append(Candidate(*_trim(doc, *_in_paragraph(token, *span)), token, subject, "stance", "stance_adjective"))
    return [c for c in found if c.end > c.start]  # a clause past a line break is not this view


# The rules that find a cue's content, tried in this order; the first that finds one names the row
# (fct_quotes.extraction_method). "object" contents may be one word long ("has endorsed Trump").
CUE_RULES: tuple[tuple[str, str, Callable[[Token, CueLexicon], tuple[int, int] | None]], ...] = (
    ("cue_clause", "clause", _content_clause),
    ("postposed_cue", "clause", _postposed_content),
    ("as_cue", "clause", _as_clause_content),
    ("parenthetical_cue", "clause", _around_parenthetical),
    ("cue_object", "object", _object_content),
    ("agentless_passive", "object", _agentless_passive),
)


def _cue_content(token: Token, lexicon: CueLexicon) -> tuple[tuple[int, int], str, str] | None:
    """The content a cue reports, the kind of content and the rule that found it."""
    for rule, source, finder in CUE_RULES:
        span = finder(token, lexicon)
        if span is not None:
            return span, source, rule
    return None


def _clause_candidates(doc: Doc, lexicon: CueLexicon, inside: list[bool]) -> list[Candidate]:
    """Pass 1: one candidate per cue outside quotation marks that governs a content clause."""
    found = []
    for token in doc:
        if inside[token.i] or not is_cue(token, lexicon) or _participle_modifier(token):
            continue
        if _imperative(token) or _that_said(token):
            continue
        if is_preposition_cue(token):
            got = _preposition_content(token)
            if got is not None:
                span, source = got
                found.append(
                    Candidate(*_trim(doc, *_in_paragraph(token, *span)), token, source, "clause", "according_to")
                )
            continue
        content = _cue_content(token, lexicon)
        if content is None and (block := _block_after_colon(token, inside)) is not None:
            found.append(Candidate(*_trim(doc, *block), token, _cue_subject(token, lexicon), "clause", "colon_block"))
            continue
        if content is not None:
            span, source, rule = content
            span = _in_semicolons(token, *_in_paragraph(token, *span), inside)
            found.append(Candidate(*_trim(doc, *span), token, _cue_subject(token, lexicon), source, rule))
    # one word is content only as a reported object: "Cruz has endorsed Trump"
    return [c for c in found if c.end - c.start >= 2
            or (c.end > c.start and c.source == "object" and _is_noun(doc[c.start]))]


def _is_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN")


class Attribution(NamedTuple):
    """A typed attribution with character offsets into the text."""

    start: int
    end: int
    quote_type: str
    cue: Token | None
    subject: Token | None
    source: str
    rule: str


def _quote_type(doc: Doc, start: int, end: int, inside: list[bool], cue: Token | None = None) -> str:
    """direct, mixed or indirect by the share of quoted words; a cue inside the range (a
    parenthetical "he said") and its phrase are not content and do not count."""
    skip = range(cue.left_edge.i, cue.right_edge.i + 1) if cue is not None and start <= cue.i < end else range(0)
    words = [inside[t.i] for t in doc[start:end] if _is_word(t) and t.dep_ != "mark" and t.i not in skip]
    n_in = sum(words)
    if n_in == 0:
        return "indirect"
    return "direct" if n_in == len(words) else "mixed"


def _overlapping(spans: list[QuotedSpan], start: int, end: int) -> list[QuotedSpan]:
    return [s for s in spans if s.start < end and s.end > start]


def _char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _extend_over_quotes(cand: Candidate, ranges: list[tuple[int, int]]) -> Candidate:
    """Let a clause end where the quotation it opens ends (the parser often cuts it short)."""
    end = cand.end
    for q_start, q_end in ranges:
        if cand.start <= q_start < end < q_end:
            end = q_end
    return cand._replace(end=end)


def _typed(doc: Doc, cand: Candidate, inside: list[bool], spans: list[QuotedSpan]) -> Attribution:
    """Type a candidate; a direct one takes the whole quotation, across sentences if need be."""
    qtype = (
        "direct"
        if cand.source in ("marks", "floating", "labelled")
        else _quote_type(doc, cand.start, cand.end, inside, cand.cue)
    )
    start, end = _char_range(doc, cand.start, cand.end)
    if qtype == "direct" and cand.source != "labelled":  # a label is not part of what was said
        quoted = _overlapping(spans, start, end)
        if quoted:
            start, end = quoted[0].start, quoted[-1].end
    return Attribution(start, end, qtype, cand.cue, cand.subject, cand.source, cand.rule)


def _nearest_cue(tokens: list[Token], lexicon: CueLexicon, inside: list[bool]) -> Token | None:
    """The first reporting verb (not quoted, not a preposition) among ``tokens``."""
    for token in tokens:
        if not inside[token.i] and not is_preposition_cue(token) and is_cue(token, lexicon):
            return token
    return None


def _cue_for_quote(
    doc: Doc, sents: list[Span], sent_of: list[int], q: tuple[int, int], ctx: tuple[CueLexicon, list[bool]]
) -> Token | None:
    """A cue for a quotation: after it in its sentence (``,” said X``), before it (``X said,
    “``), or at the end of the sentence before (``Lavrov told reporters:`` + a new paragraph)."""
    lexicon, inside = ctx
    q_start, q_end = q
    end_sent, start_sent = sents[sent_of[q_end - 1]], sents[sent_of[q_start]]
    cue = _nearest_cue(list(doc[q_end : end_sent.end]), lexicon, inside)
    if cue is None:
        cue = _nearest_cue(list(doc[start_sent.start : q_start])[::-1], lexicon, inside)
    if cue is None and sent_of[q_start] > 0 and doc[start_sent.start - 1].text == ":":
        prev = sents[sent_of[q_start] - 1]
        cue = _nearest_cue(list(prev)[::-1], lexicon, inside)
    return cue


def _starts_sentence(doc: Doc, sents: list[Span], sent_of: list[int], q_start: int) -> bool:
    first = sents[sent_of[q_start]].start
    return all(doc[i].is_punct or doc[i].is_space for i in range(first, q_start))


def _is_title(quoted: Span) -> bool:
    """A quoted name of a show, book or series: “Fox News Sunday”, "Face the Nation", ''Women
    in Power'': every word capitalised but the short function words, no sentence punctuation."""
    words = [t for t in quoted if t.is_alpha]
    inner = [t for t in quoted if not t.is_quote]
    # a closing period may sit inside the marks (“State of the Union.”); any other ends a sentence
    if not words or len(words) > MAX_TITLE_WORDS or any(t.text in ".!?" for t in inner[:-1]):
        return False
    return words[0].is_title and all(t.is_title or t.is_stop for t in words) and len(words) > 1


def _name_after_dash(doc: Doc, q_end: int) -> Token | None:
    """The name a quotation is signed with: “...” ― Sonya Herridge, at the end of its line (the
    last word of the name, as a subject token)."""
    i = q_end
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space) and doc[i].text[-1] not in DASH_CHARS:
        i += 1
    # a dash token, or one the tokenizer left glued to the closing mark ("”―")
    if i >= len(doc) or doc[i].text[-1] not in DASH_CHARS:
        return None
    i += 1
    while i < len(doc) and doc[i].is_space and not _is_line_break(doc[i]):
        i += 1
    name = []
    for token in doc[i:]:
        initial = len(token.text) <= 2 or token.text.endswith(".")  # "Edwin G. Monroy", "Christina N Luis"
        if not (token.pos_ == "PROPN" or (token.text[:1].isupper() and initial)):
            break
        name.append(token)
    after = doc[name[-1].i + 1] if name and name[-1].i + 1 < len(doc) else None
    ends_line = after is None or "\n" in after.text or after.text in (".", ",")
    return name[-1] if name and ends_line else None


def _transcript_label(doc: Doc, q_start: int, q_end: int) -> tuple[Token, int] | None:
    """A transcript's speaker label opening a quotation: "WALLACE: Let's start ...", "PENCE:
    Well, look ..." (one to three capitalised name words and a colon). Returns the label's last
    word and where the words spoken begin."""
    for colon in range(q_start + 1, min(q_start + 4, q_end - 3)):
        if doc[colon].text == ":":
            label = doc[q_start:colon]
            if all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in label):
                return label[-1], colon + 1
            return None
    return None


def _phrase_around(cue: Token, q_start: int, q_end: int) -> tuple[int, int] | None:
    """The object phrase of ``cue`` a short quotation sits in: "referenced “political tensions”
    in advanced economies that are generating broader uncertainty" reports the whole phrase."""
    for child in cue.rights:
        if child.left_edge.i <= q_start and q_end <= child.right_edge.i + 1:
            if child.dep_ not in OBJECT_CONTENT_DEPS:
                return None
            return child.left_edge.i, max(q_end, _restrictive_end(child))
    return None


def _mark_candidates(
    doc: Doc, sents: list[Span], free: list[tuple[int, int]], lexicon: CueLexicon, inside: list[bool]
) -> list[Candidate]:
    """Passes 2 and 3: quotations no clause covers, by a nearby cue, else as floating quotes."""
    sent_of = [0] * len(doc)
    for k, sent in enumerate(sents):
        sent_of[sent.start : sent.end] = [k] * len(sent)
    found = []
    for q_start, q_end in free:
        n_words = sum(_is_word(t) for t in doc[q_start:q_end])
        if _is_title(doc[q_start:q_end]) or (n_words == 1 and any(t.pos_ == "PRON" for t in doc[q_start:q_end])):
            continue
        signed = _name_after_dash(doc, q_end)
        if signed is not None:  # “...” ― Sonya Herridge
            found.append(Candidate(q_start, q_end, None, signed, "marks", "signed_quotation"))
            continue
        labelled = _transcript_label(doc, q_start, q_end)
        if labelled is not None:  # "WALLACE: Let's start with ..."
            label, content_start = labelled
            found.append(Candidate(content_start, q_end, None, label, "labelled", "transcript_label"))
            continue
        cue = _cue_for_quote(doc, sents, sent_of, (q_start, q_end), (lexicon, inside))
        # a short quotation needs a parse link to its cue ("described ... as “serious”"):
        # a short one merely near a cue is usually a scare quote
        linked = cue is not None and cue.left_edge.i <= q_start < cue.right_edge.i
        phrase = _phrase_around(cue, q_start, q_end) if linked and n_words < MIN_ADJACENT_WORDS else None
        if phrase is not None:  # called men derogatory names, like "pigs"
            found.append(Candidate(*phrase, cue, subject_of(cue), "clause", "quoted_phrase"))
        elif cue is not None and (n_words >= MIN_ADJACENT_WORDS or linked):
            found.append(Candidate(q_start, q_end, cue, subject_of(cue), "marks", "quotation_cue"))
        elif n_words >= MIN_FLOATING_WORDS and _starts_sentence(doc, sents, sent_of, q_start):
            found.append(Candidate(q_start, q_end, None, None, "floating", "floating_quotation"))
    return found


def _drop_nested(attrs: list[Attribution]) -> list[Attribution]:
    """Keep the outer of nested attributions ("Merkel said she ... hoped the conference...")."""
    kept: list[Attribution] = []
    for attr in sorted(attrs, key=lambda a: (a.start, -a.end)):
        if kept and attr.end <= kept[-1].end:
            continue
        kept.append(attr)
    return kept


def _speaker(attr: Attribution, previous: list[Speaker]) -> Speaker | None:
    """The attribution's speaker, pronouns and descriptions resolved where the text allows."""
    if attr.subject is None:
        return previous[-1] if attr.source == "floating" and previous else None
    subject = antecedent(attr.subject)  # "Lavrov, who said that ..." -> Lavrov
    return resolve(speaker_of(subject), subject, previous)


def _clean_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ",;: \n":
        end -= 1
    return end


def _cue_word(attr: Attribution, lexicon: CueLexicon) -> str | None:
    """The cue's lemma as the lexicon lists it ("said" -> "say", "According" -> "according")."""
    cue = attr.cue
    if cue is None:
        return None
    if attr.source in ("noun", "stance") or is_preposition_cue(cue):
        return cue.lower_ if is_preposition_cue(cue) else cue.lemma_.lower()
    return _cue_lemma(cue, lexicon)


def _attribution_kind(attr: Attribution, lemma: str | None, lexicon: CueLexicon) -> str:
    """speech, thought, intention or other, from the cue (rules/cue_verbs_<lang>.txt).

    A quotation is speech whatever its cue, and so is a quote with no cue (a signed or labelled
    quotation, one continuing a speaker); a commitment reporting a clause ("pledged that Moscow
    would keep working") is speech, its infinitive ("pledged to keep working") an intention.
    """
    cue = attr.cue
    if cue is None or lemma is None or attr.quote_type == "direct" or is_preposition_cue(cue):
        return "speech"
    if attr.source == "noun":
        return lexicon.noun_kinds.get(lemma, "speech")
    if attr.source == "stance":
        return lexicon.stance_kinds.get(lemma, "thought")
    phrase = next((f"{lemma} {c.lower_}" for c in cue.children if (lemma, c.lower_) in lexicon.phrases), None)
    kind = lexicon.kinds.get(phrase or lemma, "speech")
    if kind == "intention" and lexicon.scopes.get(lemma) == "infinitive" and attr.source != "object":
        return "speech"
    return kind


def _records(doc: Doc, text: str, attrs: list[Attribution], lexicon: CueLexicon) -> list[Quote]:
    """Turn attributions into ``Quote`` records, in document order."""
    sent_starts = [s.start_char for s in doc.sents]
    previous: list[Speaker] = []
    quotes = []
    k = 0
    for attr in attrs:
        speaker = _speaker(attr, previous)
        if speaker is not None and speaker.start is not None:
            previous.append(speaker)
        while k + 1 < len(sent_starts) and sent_starts[k + 1] <= attr.start:
            k += 1
        end = _clean_end(text, attr.start, attr.end)
        lemma = _cue_word(attr, lexicon)
        quotes.append(
            Quote(
                quote_text=text[attr.start : end],
                quote_type=attr.quote_type,
                speaker_text=speaker.text if speaker else None,
                cue_verb=lemma,
                start_char=attr.start,
                end_char=end,
                sentence_index=k,
                speaker_start_char=speaker.start if speaker else None,
                speaker_end_char=speaker.end if speaker else None,
                attribution_kind=_attribution_kind(attr, lemma, lexicon),
                extraction_method=attr.rule,
            )
        )
    return quotes


def find_quotes(doc: Doc, *, language: str | None = None) -> list[Quote]:
    """Find the direct, indirect and mixed quotes of a parsed article, in document order.

    Args:
        doc: a spaCy Doc of the article's clean text, with parser and NER run.
        language: ISO 639-1 code selecting the cue list; defaults to ``doc.lang_``.

    Returns:
        One ``Quote`` per attributed statement; offsets index ``doc.text``.
    """
    lexicon = cue_lexicon(language or doc.lang_)
    text = doc.text  # rebuilt from the tokens on every access: read once
    spans = find_quoted_spans(text)
    ranges = _quote_token_ranges(doc, spans)
    inside = _inside_flags(len(doc), list(ranges.values()))
    found = _clause_candidates(doc, lexicon, inside) + _noun_candidates(doc, lexicon, inside)
    found += _stance_candidates(doc, lexicon, inside)
    clauses = [_extend_over_quotes(c, list(ranges.values())) for c in found]
    attrs = [_typed(doc, c, inside, spans) for c in clauses]
    used = {s for a in attrs for s in _overlapping(spans, a.start, a.end)}
    free = [r for s, r in ranges.items() if s not in used]
    marks = _mark_candidates(doc, list(doc.sents), free, lexicon, inside)
    attrs += [_typed(doc, c, inside, spans) for c in marks]
    return _records(doc, text, _drop_nested(attrs), lexicon)
