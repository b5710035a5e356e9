"""Pass 1, objects: what a speaker's cue reports through its object ("criticized the plan",
"called for an end to the strike", "urged voters to turn out", "wants to raise taxes"), and the
agentless passive ("was accused of lying")."""

from __future__ import annotations

from spacy.tokens import Token

from newsetl.extract.cues import CueLexicon, cue_lemma, is_cue
from newsetl.extract.quotes.boundaries import restrictive_end
from newsetl.extract.quotes.parse import OBJECT_CONTENT_DEPS, cue_subject, passive_subject, present_tense
from newsetl.extract.speakers import AGENT_DEPS, OBJECT_DEPS, can_speak, is_place, subject_of


def object_content(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """What a speaker's cue reports through its object: "called the charges unsubstantiated",
    "criticized the foundation", "called for an end to the conflict" (a phrasal cue of the
    lexicon), "accused Clinton of lying" (a preposition after the object), and in the passive
    "the mayor is backed by most unions" (the passive subject, the agent speaking).
    PolNeAR-style attribution covers such noun-phrase contents, not only clauses. A bare
    addressee ("told reporters") is not content, and only a speaker can report this way:
    "the negotiations emphasize Moscow's influence" is not a statement.
    """
    lemma = _object_cue_lemma(cue, lexicon)
    subject = cue_subject(cue, lexicon) if lemma is not None else None
    if lemma is None or subject is None:
        return None
    # a country's object is a policy, not a statement: "Turkey backs al-Sarraj", "Ankara supports ..."
    if not can_speak(subject, lexicon.sources) or is_place(subject):
        return None
    if subject.head.dep_ in AGENT_DEPS and subject.head.head.i == cue.i:
        passive = passive_subject(cue)
        return (passive.left_edge.i, passive.i + 1) if passive is not None else None
    parts = _object_parts(cue, lemma, lexicon)
    if not parts:
        return None
    if cue.lemma_ in lexicon.quote_words.addressee_verbs and all(c.dep_ in OBJECT_DEPS | {"dative"} for c in parts):
        return None
    if len(parts) == 1 and parts[0].pos_ == "PRON" and parts[0].n_rights == 0:
        return None
    first = parts[0]
    # the preposition of a phrasal cue is part of the cue: "called for | an end to the war"
    start = first.i + 1 if first.dep_ == "prep" else first.left_edge.i
    return start, restrictive_end(parts[-1])


def _object_cue_lemma(cue: Token, lexicon: CueLexicon) -> str | None:
    """The cue's lexicon entry when it may report an object, else None."""
    lemma = cue_lemma(cue, lexicon)
    if lexicon.allows(lemma, "object") or _small_clause(cue) or _found_by_evidence(cue, lexicon):
        return lemma
    return None


def _found_by_evidence(cue: Token, lexicon: CueLexicon) -> bool:
    """A thought cue whose subject is a study, poll or report: what it finds or indicates is its
    object ("A 2019 study found 12 cases of ballot fraud", "The survey indicates a closer
    contest")."""
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


def agentless_passive(cue: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    """A report whose speaker is left unsaid: "Mr. Halvorsen was accused of using $3 million ...",
    "Clinton has been criticized for her emails" (the passive subject and what it is said of)."""
    lemma = _object_cue_lemma(cue, lexicon)
    if lemma is None or cue_subject(cue, lexicon) is not None:
        return None
    passive = passive_subject(cue)
    words = lexicon.quote_words
    reporting = words.object_prepositions - words.classifying_prepositions
    parts = _object_parts(cue, lemma, lexicon) or [
        c for c in cue.children if c.dep_ == "prep" and c.i > cue.i and c.lower_ in reporting
    ]
    if passive is None or not parts:
        return None
    return passive.left_edge.i, restrictive_end(parts[-1])


def _object_parts(cue: Token, lemma: str, lexicon: CueLexicon) -> list[Token]:
    """The dependents after ``cue`` that make up its reported object, in order."""
    bare_infinitive, request = lexicon.allows(lemma, "infinitive"), lexicon.allows(lemma, "request")
    intention = lexicon.allows(lemma, "intention")
    words = lexicon.quote_words
    parts: list[Token] = []
    for c in cue.children:
        if c.i < cue.i:
            continue
        phrasal = c.dep_ == "prep" and ((lemma, c.lower_) in lexicon.phrases or c.lower_ in words.topic_markers)
        after_object = c.dep_ == "prep" and c.lower_ in words.object_prepositions and bool(parts)
        # "pledged to ...", and for a request only after its addressee: "urged voters to ..."
        # and for an intention only when stated as current or about speaking: "wants to ..."
        infinitive = c.dep_ == "xcomp" and (
            bare_infinitive
            or (request and bool(parts))
            or (intention and (present_tense(cue) or _speech_verb(c, lexicon)))
        )
        # a gerund is a noun-like object: "proposed dropping carried interest"
        gerund = c.dep_ == "xcomp" and c.tag_ == "VBG"
        if c.dep_ in OBJECT_CONTENT_DEPS or phrasal or after_object or infinitive or gerund:
            parts.append(c)
    return parts


def _speech_verb(verb: Token, lexicon: CueLexicon) -> bool:
    """A verb of saying ("comment", "discuss"), not of thinking ("consider")."""
    return is_cue(verb, lexicon) and lexicon.allows(cue_lemma(verb, lexicon), "object")
