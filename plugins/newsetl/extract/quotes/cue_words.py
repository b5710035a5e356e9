"""Passes 1b and 1c: cue nouns ("his claim that ...", "her criticism of the plan") and stance
adjectives ("many economists are afraid that ...") with their clause or topic."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsetl.extract.columns import Columns
from newsetl.extract.cues import CueLexicon
from newsetl.extract.quotes.boundaries import in_paragraph, restrictive_end, trim
from newsetl.extract.quotes.parse import CONTENT_DEPS, Candidate
from newsetl.extract.speakers import OBJECT_DEPS, can_speak, subject_of

NOUN_CONTENT_DEPS = frozenset({"acl", "ccomp", "acl:relcl"})


def _noun_content(noun: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """The "that"-clause or infinitive a cue noun carries: "the coach's claim that the referee was
    biased", "the governor's plan to raise taxes". Relative clauses ("the claim that he made")
    have no "that" marker and are left out."""
    for child in noun.rights:
        if child.dep_ not in NOUN_CONTENT_DEPS or child.pos_ not in ("VERB", "AUX"):
            continue
        marked = any(
            (c.dep_ == "mark" and c.lower_ in lexicon.quote_words.complementizers)
            or (c.dep_ == "aux" and c.lower_ == "to")
            for c in child.children
        )
        if marked:
            return child.left_edge.i, child.right_edge.i + 1
    # "her criticism of the foundation", "expressed concern about the policy"
    return _topic(noun, lexicon)


def _topic(word: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """What a cue noun or stance adjective is about: the object of its first topic preposition
    ("criticism of the foundation", "critical of the deal"), without the comments set off."""
    prepositions = lexicon.quote_words.topic_prepositions
    topic = next((c for c in word.rights if c.dep_ == "prep" and c.lower_ in prepositions), None)
    obj = next((c for c in topic.children if c.dep_ in ("pobj", "pcomp")), None) if topic is not None else None
    return (obj.left_edge.i, restrictive_end(obj)) if obj is not None else None


def _noun_holder(noun: Token, lexicon: CueLexicon) -> Token | None:
    """Whose claim or plan it is: the possessor ("Trump's claim"), a speaker after "by" or "from"
    ("warnings by the FBI"), else the subject of the verb that makes, repeats or expresses it
    ("Clinton made the claim that ...")."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    for prep in (c for c in noun.rights if c.dep_ == "prep" and c.lower_ in lexicon.quote_words.holder_prepositions):
        holder = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if holder is not None and can_speak(holder):
            return holder
    if noun.dep_ in OBJECT_DEPS and noun.head.lemma_.lower() in lexicon.quote_words.holder_verbs:
        return subject_of(noun.head)
    # "Trump claims that ...": a verb the tagger read as a plural noun, its subject as a compound
    if noun.dep_ == "ROOT" and noun.tag_ == "NNS" and not any(c.dep_ == "det" for c in noun.children):
        return next((c for c in noun.lefts if c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_)), None)
    return None


def noun_candidates(doc: Doc, lexicon: CueLexicon, inside: list[bool]) -> list[Candidate]:
    """Pass 1b: cue nouns of the lexicon's ``[nouns]`` section with a content clause."""
    found = []
    col = Columns.of(doc)
    nouns = (i for i, (pos, lemma) in enumerate(zip(col.pos, col.lemma, strict=True))
             if pos == "NOUN" and not inside[i] and lemma in lexicon.nouns)
    for token in (doc[i] for i in nouns):
        span, holder = _noun_content(token, lexicon), _noun_holder(token, lexicon)
        # "an agreement to stop ..." is nobody's; "the claim that ..." is reported even unowned
        if span is not None and (holder is not None or doc[span[0]].lower_ in lexicon.quote_words.complementizers):
            span = trim(doc, *in_paragraph(token, *span))
            found.append(Candidate(*span, token, holder, "noun", "cue_noun"))
    return [c for c in found if c.end - c.start >= 3]


def stance_candidates(doc: Doc, lexicon: CueLexicon, inside: list[bool]) -> list[Candidate]:
    """Pass 1c: a view a speaker is said to hold, through a predicate adjective of the lexicon's
    ``[stances]``: "Many Democrats are afraid that ...", "Clinton has been critical of the deal"."""
    found = []
    col = Columns.of(doc)
    adjectives = (i for i, (pos, dep, lemma) in enumerate(zip(col.pos, col.dep, col.lemma, strict=True))
                  if pos == "ADJ" and dep == "acomp" and not inside[i] and lemma in lexicon.stances)
    for token in (doc[i] for i in adjectives):
        subject = subject_of(token.head)
        # "to make sure that ..." checks, it holds no view
        if subject is None or not can_speak(subject, lexicon.sources) or token.head.lemma_ == "make":
            continue
        clause = next((c for c in token.rights if c.dep_ in CONTENT_DEPS), None)
        span = (clause.left_edge.i, clause.right_edge.i + 1) if clause is not None else _topic(token, lexicon)
        if span is None:
            continue
        found.append(Candidate(*trim(doc, *in_paragraph(token, *span)), token, subject, "stance", "stance_adjective"))
    return [c for c in found if c.end > c.start]  # a clause past a line break is not this view
