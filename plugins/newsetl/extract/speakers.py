"""Find who said it: the subject of a cue, its name without titles, and pronoun antecedents.

The subject of a reporting verb is usually a noun phrase wrapped in titles and descriptions
(``Russian Foreign Minister Sergey Lavrov said``, ``the mayor's campaign manager, Ana Ruiz,
said``); analysts want the name, so the named entity inside the phrase wins over its head noun.
Pronouns (``he said``, ``it said on an official website``) and descriptions (``the ministry
said``) are resolved to an antecedent the article names, and left as written otherwise: a
speaker is never invented.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, TypeVar

from spacy.tokens import Doc, Span, Token

from newsetl.extract.cues import QuoteWords, cue_lexicon

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
ENTS_KEY = "newsetl.extract.speakers.ents"
ENTITY_FACTS_KEY = "newsetl.extract.speakers.entity_facts"
SPEAKER_OF_KEY = "newsetl.extract.speakers.speaker_of"
RESOLVED_KEY = "newsetl.extract.speakers.resolved"
CAN_SPEAK_KEY = "newsetl.extract.speakers.can_speak"
T = TypeVar("T")
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj", "expl:subj"})
AGENT_DEPS = frozenset({"agent", "obl:agent"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "nsubj:pass"})
# Clauses that share their subject with the verb they hang from: "..., saying that",
# "and added that", "went on to say that".
SUBJECT_SHARING_DEPS = frozenset({"advcl", "conj", "xcomp", "acl", "pcomp"})
NAME_LABELS = frozenset({"PERSON", "PER", "ORG", "GPE", "NORP", "LOC", "FAC"})
PERSON_LABELS = frozenset({"PERSON", "PER"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})
ORGANISATION_LABELS = frozenset({"ORG"})
SPEAKER_LABELS = frozenset({"PERSON", "PER", "ORG", "NORP", "GPE"})
# Dependents whose entity names the subject ("the Kremlin's press service", "LNA commander",
# "the spokesman, Stéphane Dujarric"), tried in this order; never prep or relcl dependents:
# "a source close to Trump" is not Trump.
NAMING_DEPS = ("appos", "compound", "flat", "flat:name", "nmod", "poss")
RELATIVE_DEPS = frozenset({"relcl", "acl:relcl"})


def _words(token: Token) -> QuoteWords:
    """The function words of the token's language (``rules/quote_words_<lang>.txt``)."""
    return cue_lexicon(token.doc.lang_).quote_words


class Speaker(NamedTuple):
    """A speaker as written (``text``) and, when named or resolved, its span in the text."""

    text: str
    start: int | None
    end: int | None
    kind: str  # person | org | place | name (a proper noun the NER missed) | pronoun | description


def subject_of(cue: Token, depth: int = 3) -> Token | None:
    """The subject of ``cue``, climbing through clauses that share it ("..., saying that")."""
    for child in cue.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    for child in cue.children:
        if child.dep_ in AGENT_DEPS:
            return next((c for c in child.children if c.pos_ in ("PROPN", "NOUN", "PRON")), child)
    # "a policy paper welcoming the plans", "a statement announcing the pick"
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head
    if depth and cue.dep_ == "pcomp" and cue.head.dep_ == "prep":
        return _doer_of_complement(cue.head, depth - 1)
    if depth and cue.dep_ in SUBJECT_SHARING_DEPS and cue.head.i != cue.i:
        return subject_of(cue.head, depth - 1)
    return None


def _doer_of_complement(preposition: Token, depth: int) -> Token | None:
    """Who does what a preposition's gerund says. After "for", "of", "with" or "from", the object
    of the verb it completes ("criticized Oz for promoting ...", "held Pagliano in contempt for
    refusing ...") or its passive subject ("Oz was called a charlatan for promoting ..."); else,
    and with no named object, the verb's subject ("In defending himself, Trump offered ...",
    "Trump stopped short of calling ...")."""
    verb = preposition.head
    if preposition.lower_ not in _words(preposition).doer_prepositions:
        return subject_of(verb, depth)
    for deps in (OBJECT_DEPS, PASSIVE_SUBJECT_DEPS):
        done_to = next((c for c in verb.children if c.dep_ in deps), None)
        if done_to is not None:
            # a named doer only: "criticized the ballot for ..." says nothing of who acts
            named = done_to.pos_ == "PROPN" or done_to.ent_type_ in PERSON_LABELS
            return done_to if named else None
    return subject_of(verb, depth)


def _entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per Doc: spaCy rebuilds the tuple from every token per call,
    which made speaker lookups the most expensive step of quote extraction."""
    cached = doc.user_data.get(ENTS_KEY)
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data[ENTS_KEY] = (len(doc), tuple(doc.ents))
    return cached[1]


def _cached(doc: Doc, key: object, build: Callable[[], T]) -> T:
    """``build()`` once per Doc (and per ``key``), kept in ``doc.user_data`` like ``_entities``."""
    cached = doc.user_data.get(key)
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data[key] = (len(doc), build())
    return cached[1]


def _person_words(doc: Doc) -> frozenset[str]:
    """Words of the person entities: ``is_place`` scanned every entity per call."""
    return _cached(doc, (ENTITY_FACTS_KEY, "person_words"), lambda: frozenset(
        t.text for e in _entities(doc) if e.label_ in PERSON_LABELS for t in e))


def _entity_texts(doc: Doc) -> list[tuple[Span, str]]:
    """Each entity with its text in lower case, read once per Doc (``Span.text`` joins its tokens
    on every call, and each description word asked anew)."""
    return _cached(doc, (ENTITY_FACTS_KEY, "texts"), lambda: [(e, e.text.lower()) for e in _entities(doc)])


def _entities_with(doc: Doc, labels: frozenset[str], word: str | None) -> tuple[list[int], list[Span]]:
    """The entities with one of ``labels`` (and ``word`` in their text) and their end offsets, in order.

    ``_named_before`` walked back over every entity per pronoun or description: quadratic in the
    length of a text (a one-line text of 1M characters spent 30 CPU seconds in these rules).
    """
    def build() -> tuple[list[int], list[Span]]:
        ents = [e for e, text in _entity_texts(doc) if e.label_ in labels and (word is None or word in text)]
        return [e.end_char for e in ents], ents

    return _cached(doc, (ENTITY_FACTS_KEY, labels, word), build)


def _entity_at(token: Token) -> Span | None:
    """The named entity ``token`` belongs to, read from its IOB tags (no walk over doc.ents)."""
    if token.ent_iob_ not in ("B", "I") or token.ent_type_ not in NAME_LABELS:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def is_place(token: Token) -> bool:
    """A place, as the NER says, unless the article names a person with that word: a surname
    like "Strada" is sometimes tagged a place on its own and a person in full ("Terry Strada")."""
    if token.ent_type_ not in PLACE_LABELS:
        return False
    return token.text not in _person_words(token.doc)


def _naming_entity(head: Token) -> Span | None:
    """The entity that names ``head``: its own, else one among its naming dependents.

    A proper-noun head the NER missed names itself: in "Russia’s Lavrov pledged" the speaker
    is Lavrov even when only "Russia" is tagged, so possessors are tried for common nouns only.
    """
    if ent := _entity_at(head):
        return ent
    deps = NAMING_DEPS[:-1] if head.pos_ == "PROPN" else NAMING_DEPS
    for dep in deps:
        for child in head.children:
            # "Libya's warring leaders" are not Libya: a place owns no speaker it describes
            place_owner = dep == "poss" and is_place(child)
            if child.dep_ == dep and not place_owner and (ent := _entity_at(child)):
                return ent
    return None


def antecedent(subject: Token) -> Token:
    """The noun a relative pronoun stands for ("Lavrov, who said ..." -> Lavrov), else ``subject``."""
    if subject.lower_ in _words(subject).relative_pronouns and subject.head.dep_ in RELATIVE_DEPS:
        return subject.head.head
    return subject


def can_speak(subject: Token, sources: frozenset[str] = frozenset()) -> bool:
    """Something that can make a statement: a personal pronoun, a proper noun, a named entity,
    a noun named by one ("the Trump campaign", "Clinton's spokesman"), a title ("the minister")
    or one of ``sources``, common nouns of people, groups and media ("the ad", "a reporter").

    "It", "this", "which" and other common nouns ("the negotiations emphasize ...") are not.
    Read once per token of a Doc and ``sources``: the rules and the speaker choice ask again.
    """
    known = _cached(subject.doc, CAN_SPEAK_KEY, dict)
    key = (subject.i, sources)
    flag = known.get(key)
    if flag is None:
        flag = known[key] = _can_speak(subject, sources)
    return flag


def _can_speak(subject: Token, sources: frozenset[str]) -> bool:
    subject = antecedent(subject)  # "a super PAC that vowed to ..." speaks as the PAC
    if subject.pos_ == "PRON":
        words = _words(subject)
        if subject.lower_ in words.organisation_pronouns:  # "the newspaper ... after it backed the mayor"
            return _organisation_just_before(subject)
        if subject.lower_ in words.pointing_pronouns:
            return False
        thing = _plural_subject_before(subject)
        return thing is None or can_speak(thing, sources)
    # "40 percent said the same of the mayor": a share of those polled
    if subject.pos_ == "PROPN" or subject.ent_type_ in SPEAKER_LABELS or subject.ent_type_ == "PERCENT":
        return True
    if subject.pos_ in ("NUM", "ADJ"):  # "one of the three candidates", "most of his aides"
        return _group_can_speak(subject, sources)
    if subject.pos_ != "NOUN":
        return False
    lemma = subject.lemma_.lower()
    if lemma in sources or lemma in title_words(subject.doc.lang_):
        return True
    # "the Trump campaign", "Clinton's aides", "European countries", "Democratic speechwriters"
    if any(c.dep_ in ("compound", "poss", "amod") and c.ent_type_ in SPEAKER_LABELS for c in subject.children):
        return True
    # "another radio host, Dale Brennan,"
    if any(c.dep_ == "appos" and c.ent_type_ in PERSON_LABELS for c in subject.children):
        return True
    return _group_can_speak(subject, sources)


def _organisation_just_before(pronoun: Token) -> bool:
    """An "it" that can stand for an organisation named in its own or the previous sentence."""
    doc, sent = pronoun.doc, pronoun.sent
    earliest = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    ent = _named_before(doc, pronoun.idx, ORGANISATION_LABELS)
    return ent is not None and ent.start >= earliest


def _group_can_speak(subject: Token, sources: frozenset[str]) -> bool:
    """A group or share of speakers: "a chorus of prominent Republicans", "many of his supporters",
    "others in the Hispanic community", "supporters, including the National League of Cities"."""
    groups = _words(subject).group_prepositions
    members = (m for c in subject.children if c.dep_ == "prep" and c.lower_ in groups for m in c.children)
    return any(m.dep_ == "pobj" and m.pos_ != "PRON" and can_speak(m, sources) for m in members)


def _plural_subject_before(pronoun: Token) -> Token | None:
    """The plural common-noun subject a "they" refers back to within its own sentence:
    "Even though the negotiations did not result in an agreement, they do emphasize ..."."""
    if pronoun.lower_ not in _words(pronoun).plural_pronouns:
        return None
    for token in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        if token.dep_ in SUBJECT_DEPS and token.pos_ in ("NOUN", "PROPN") and token.morph.get("Number") == ["Plur"]:
            return token
    return None


@lru_cache(maxsize=4)
def title_words(language: str) -> frozenset[str]:
    """Title heads and modifiers of ``rules/titles_<language>.txt`` (shared with mentions)."""
    path = RULES_DIR / f"titles_{language}.txt"
    if not path.is_file():
        path = RULES_DIR / "titles_en.txt"
    if not path.is_file():
        return frozenset()
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("["))


def _strip_titles(tokens: list[Token]) -> list[Token]:
    """Drop leading modifiers and title words: "Turkish Foreign Minister Cavusoglu" -> "Cavusoglu"."""
    titles = title_words(tokens[0].doc.lang_)
    names = [t for t in tokens if t.pos_ == "PROPN"]
    while names and names[0].lower_ in titles and len(names) > 1:
        names = names[1:]
    return names if names and names[-1].i == tokens[-1].i else tokens


def _kind(ent: Span) -> str:
    if ent.label_ in PERSON_LABELS:
        return "person"
    return "org" if ent.label_ in ("ORG", "NORP") else "place"


def _past_dateline(head: Token) -> Token:
    """"BOSTON -- Governor Ellen Park, ..., said": the parser makes the dateline the subject and
    the speaker its apposition; the speaker is the apposition."""
    if not (head.is_upper and head.i == head.sent.start):
        return head
    return next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), head)


def speaker_of(head: Token) -> Speaker:
    """The speaker named by the subject ``head``: an entity if there is one, else the phrase.

    "Russian Foreign Minister Sergey Lavrov" gives the PERSON entity "Sergey Lavrov"; "the
    spokesman" gives itself (kind "description") for :func:`resolve` to look further. Read once
    per token of a Doc: the speaker choice asks again for the same heads for each nearby quote.
    """
    found = _cached(head.doc, SPEAKER_OF_KEY, dict)
    speaker = found.get(head.i)
    if speaker is None:
        speaker = found[head.i] = _speaker_of(head)
    return speaker


def _speaker_of(head: Token) -> Speaker:
    head = _past_dateline(head)
    ent = _naming_entity(head)
    while ent is not None and len(ent) > 1 and ent[-1].is_space:  # the NER may take in a line break
        ent = ent[:-1]
    if ent is not None:
        return Speaker(ent.text, ent.start_char, ent.end_char, _kind(ent))
    if head.pos_ == "PRON":
        return Speaker(head.text, None, None, "pronoun")
    if head.pos_ == "PROPN":  # a name the NER missed: its compound chain, titles dropped
        first = min((t.left_edge.i for t in head.lefts if t.dep_ in ("compound", "flat")), default=head.i)
        names = _strip_titles(list(head.doc[first : head.i + 1]))
        start, end = names[0].idx, head.idx + len(head)
        return Speaker(head.doc[names[0].i : head.i + 1].text, start, end, "name")
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "det", "poss", "nummod", "nmod")]
    first = min((t.left_edge.i for t in left), default=head.i)
    text = head.doc[first : head.i + 1].text
    return Speaker(text, None, None, "description")


def _fragment_name(doc: Doc, sent_end: int) -> Span | None:
    """A PERSON in a verbless fragment right after the sentence ending at token ``sent_end``.

    Prompted by a machine-translated line: ``..., the spokesman said. ONU, Stéphane Dujarric.``
    where the name the description stands for was split off as its own "sentence".
    """
    if sent_end >= len(doc):
        return None
    nxt = doc[sent_end].sent
    if len(nxt) > 8 or any(t.pos_ in ("VERB", "AUX") for t in nxt):
        return None
    _, people = _entities_with(doc, PERSON_LABELS, None)
    starts = _cached(doc, (ENTITY_FACTS_KEY, "person_starts"), lambda: [e.start for e in people])
    found = bisect_left(starts, nxt.start)  # the first person named in it, without a scan of every entity
    return people[found] if found < len(people) and people[found].start < nxt.end else None


def _named_before(
    doc: Doc, before: int, labels: frozenset[str], word: str | None = None, since: int = 0
) -> Span | None:
    """The nearest entity with one of ``labels`` ending before char ``before`` and starting at or
    after char ``since`` (with ``word``)."""
    ends, ents = _entities_with(doc, labels, word)
    found = bisect_right(ends, before)
    return ents[found - 1] if found and ents[found - 1].start_char >= since else None


def _same_person(doc: Doc, surname: str, at: int) -> Span | None:
    """A PERSON entity of the article ending with ``surname``, the nearest before char ``at`` else
    the first after: "Russia’s Lavrov pledged ..." where only "Russia" is tagged in the sentence
    but "Sergey Lavrov" is tagged elsewhere, so the speaker links to that actor."""
    def build() -> dict[str, tuple[list[int], list[Span]]]:
        by_surname: dict[str, tuple[list[int], list[Span]]] = {}
        for e in _entities_with(doc, PERSON_LABELS, None)[1]:
            ends, people = by_surname.setdefault(e[-1].text, ([], []))
            ends.append(e.end_char)
            people.append(e)
        return by_surname

    # Grouped by surname once per Doc: a scan of every entity per name was quadratic in the text.
    ends, people = _cached(doc, (ENTITY_FACTS_KEY, "people_by_surname"), build).get(surname, ([], []))
    before = bisect_right(ends, at)
    return people[before - 1] if before else next(iter(people), None)


def _surname_as_org(speaker: Speaker) -> bool:
    """A one-word organisation, which may be a surname the NER mislabelled ("Cavusoglu"); "Amnesty
    International" or "Microsoft Corp" is not a "he" or a "she"."""
    return speaker.kind == "org" and len(speaker.text.split()) == 1


def _previous_person(previous: list[Speaker]) -> tuple[Speaker | None, bool]:
    """The last speaker a "he"/"she" can continue, and whether an unnamed source stands between.

    The very last speaker unless it is a place or an organisation, else the last person before
    it. NER often tags a foreign surname as ORG ("Cavusoglu, however, remarked that ... “...,” he
    said."), so a one-word organisation right before the pronoun still counts. An unnamed source
    ("The draft agreement ... supports ...", "the spokesman said") is not skipped: a "he" after it
    is not the person named before it (a machine translation's "He advocates ..." for the draft's
    French "il"), so the search stops there.
    """
    if previous and _surname_as_org(previous[-1]):
        return previous[-1], False
    for speaker in reversed(previous):
        if speaker.kind in ("person", "name"):
            return speaker, False
        if speaker.kind == "description":
            return None, True
    return None, False


def resolve(speaker: Speaker, head: Token, previous: list[Speaker]) -> Speaker:
    """Resolve a pronoun or description to a named antecedent, or return it unchanged.

    ``he``/``she`` go to the last named person speaker, else the nearest preceding PERSON (past
    an unnamed source, only one named in the same or the previous sentence); a name the NER
    missed to the span of the same surname where it is tagged;
    ``it`` to the nearest preceding organisation or place ("the LNA might continue its offensive
    it said"); a description to a following name fragment or a preceding entity containing its
    head noun ("the ministry" -> "Russian Foreign Ministry").

    Read once per Doc for each token, speaker and, for "he"/"she", the speaker ``previous`` offers
    (``_previous_person``): nothing else of ``previous`` is read, and the speaker choice resolves
    the same heads again for each nearby quote.
    """
    person = speaker.kind == "pronoun" and head.lower_ in _words(head).person_pronouns
    key = (head.i, speaker, _previous_person(previous) if person else None)
    resolved = _cached(head.doc, RESOLVED_KEY, dict)
    found = resolved.get(key)
    if found is None:
        found = resolved[key] = _resolve(speaker, head, previous, person=person)
    return found


def _resolve(speaker: Speaker, head: Token, previous: list[Speaker], *, person: bool) -> Speaker:
    doc = head.doc
    low = head.lower_
    found: Span | Speaker | None = None
    words = _words(head)
    if person:
        found, blocked = _previous_person(previous)
        since = 0
        if blocked:  # past an unnamed source, only a person named in this or the previous sentence
            since = doc[max(head.sent.start - 1, 0)].sent.start_char
        found = found or _named_before(doc, head.idx, PERSON_LABELS, since=since)
    elif speaker.kind == "pronoun" and low in words.organisation_pronouns:
        found = _named_before(doc, head.idx, GROUP_LABELS)
    elif speaker.kind == "description":
        found = _fragment_name(doc, head.sent.end)
        if found is None and head.pos_ == "NOUN" and len(head.lemma_) > 3:
            found = _named_before(doc, head.idx, NAME_LABELS, head.lemma_.lower())
    elif speaker.kind == "name":  # a name the NER missed: the span of that name where it is tagged
        same = _same_person(doc, speaker.text.split()[-1], head.idx)
        return speaker if same is None else Speaker(speaker.text, same.start_char, same.end_char, "name")
    if isinstance(found, Speaker):
        return found
    if isinstance(found, Span):
        return Speaker(found.text, found.start_char, found.end_char, _kind(found))
    return speaker
