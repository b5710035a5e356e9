"""Named people, organisations and places in an article, cleaned of titles and NER junk.

spaCy's small models find most names in news, but pages pasted from the web give them text they
were not trained on: headlines in title case ("Russia Claims Progress but Falls Short on ..."
yields PERSON "Falls Short"), footers ("Contact us" as ORG), bylines ("Address | Benghazi"), and
titles glued to names ("Field Marshal Khalifa Haftar" as ORG). ``find_mentions`` runs three
passes over ``doc.ents``:

1. cut: split spans at possessives and commas ("LNA's Field Marshal Haftar"), trim articles and
   possessive endings, strip leading titles ("Russian Foreign Minister");
2. filter: drop spans that are not names, by their shape (verbs, pronouns, lower-case words,
   line breaks, a ``|`` beside them, headline fragments with no support in the body, event and
   generic-institution nouns);
3. retype: fix NER labels with evidence from the article (a surname that a PERSON elsewhere in
   the article carries, a title before the name, "the capital, X").

Word lists are data in ``newsetl/rules/`` (see its README); nothing here names an actor.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsetl.extract.columns import Columns
from newsetl.records import Mention
from newsetl.resolve.names import is_acronym, name_key, surname_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
# spaCy labels (English OntoNotes and French WikiNER schemes) and the actor type they give.
LABEL_TYPES: dict[str, str] = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "organization",
    "NORP": "organization",  # kept only with an organisation head, see _is_organization_norp
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
}
SPLIT_TOKENS = frozenset({",", ";", ":", "(", ")", "[", "]", "|", "/", "\u2013", "\u2014"})
POSSESSIVE_TOKENS = frozenset({"'s", "\u2019s", "'", "\u2019"})
HYPHENS = frozenset({"-", "\u2010", "\u2011"})
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "PRP", "PRP$", "WP"})
SENTENCE_END = re.compile(r"[.!?\"\u201d\u2019]\s*$")
WORD = re.compile(r"[^\W\d_][\w\-\u2019']*")
# What a line may hold around a name that stands alone on it (a label, a byline: "VOA -").
LINE_EDGE = " \t.:;,-|\u2013\u2014"


@dataclass(frozen=True)
class Rules:
    """The word lists of one language, from ``newsetl/rules/``."""

    title_heads: frozenset[str]
    title_modifiers: frozenset[str]
    particles: frozenset[str]
    event_heads: frozenset[str]
    generic_institutions: frozenset[str]
    place_nouns: frozenset[str]
    organization_heads: frozenset[str]


@dataclass(frozen=True)
class Candidate:
    """A span under consideration: token offsets, its label and what the passes learnt."""

    start: int
    end: int
    label: str
    actor_type: str
    untitled_start: int  # start before a title was stripped (== start when none was)
    titled: bool = False  # a title head was stripped from or stands right before the name


@dataclass(frozen=True)
class Lines:
    """The article's ``\\n``-separated lines, read once: where each starts and ends, where its
    text starts and ends without edge punctuation, and whether it is a title-case headline.

    The line filters used to find and copy a candidate's whole line for every candidate, so a
    text on one long line cost quadratic time (100k characters: 8.2 s; 1 MB: over 15 minutes).
    """

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    stripped: tuple[tuple[int, int], ...]  # (start, end) of the line without LINE_EDGE characters
    title_case: tuple[bool, ...]

    @classmethod
    def of(cls, text: str) -> Lines:
        starts, ends, stripped, title_case = [], [], [], []
        start = 0
        for line in text.split("\n"):
            starts.append(start)
            ends.append(start + len(line))
            left = len(line) - len(line.lstrip(LINE_EDGE))
            stripped.append((start + left, start + len(line.rstrip(LINE_EDGE))))
            title_case.append(_is_title_case(line))
            start += len(line) + 1
        return cls(tuple(starts), tuple(ends), tuple(stripped), tuple(title_case))

    def index(self, offset: int) -> int:
        """The number of the line holding character ``offset``."""
        return bisect_right(self.starts, offset) - 1


@dataclass(frozen=True)
class ArticleFacts:
    """What the filters read from the whole Doc, computed once per Doc.

    spaCy rebuilds ``doc.text`` (a join over every token) and ``doc.ents`` (new Span objects) on
    each access, and scanning ``doc`` creates a Token object per token; read once per candidate,
    that made the filter pass quadratic in article length and cost a third of the parse time.
    """

    text: str
    lines: Lines
    body_words: frozenset[str]  # words of the lines that are not title-case headlines
    token_texts: frozenset[str]  # every token's text as written, for "is the word lower case elsewhere"
    person_surnames: frozenset[str]  # casefolded last word of every multi-word PERSON/PER entity

    @classmethod
    def of(cls, doc: Doc) -> ArticleFacts:
        """Read ``doc`` once: its text, token texts and person entities.

        Token texts come from the ORTH column (one string lookup per distinct word) rather than
        from iterating ``doc``, which builds a Python Token object per token.
        """
        text = Columns.of(doc).text  # shared with the quote rules, read once per Doc
        strings = doc.vocab.strings
        return cls(
            text=text,
            lines=Lines.of(text),
            body_words=_body_words(text),
            token_texts=frozenset(strings[orth] for orth in set(doc.to_array("ORTH").tolist())),
            person_surnames=frozenset(
                e[-1].text.casefold() for e in doc.ents if e.label_ in {"PERSON", "PER"} and len(e) > 1
            ),
        )


def find_mentions(doc: Doc) -> list[Mention]:
    """Return the person, organisation and location mentions of ``doc``, in text order.

    Args:
        doc: a parsed spaCy ``Doc`` (tagger, parser and NER) of one article's clean text.

    Returns:
        ``Mention`` records with character offsets into ``doc.text``; titles, leading articles and
        possessive endings are outside the offsets.
    """
    rules = load_rules(doc.lang_)
    article = ArticleFacts.of(doc)
    candidates = [c for ent in doc.ents for c in _cut(ent, rules)]
    candidates = [c for c in candidates if junk_reason(doc, c, rules, article) is None]
    candidates = _retype(doc, candidates, rules)
    sentence_starts = {sent.start: i for i, sent in enumerate(doc.sents)} if _has_sentences(doc) else {}
    return [_to_mention(doc, c, sentence_starts) for c in candidates]


# -- rules data -------------------------------------------------------------------------------


def _read_sections(path: Path) -> dict[str, frozenset[str]]:
    """Parse a rules file: ``[section]`` headers, one entry per line, ``#`` comments."""
    sections: dict[str, set[str]] = {}
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, set())
        elif line:
            sections.setdefault(current, set()).add(line.casefold())
    return {name: frozenset(words) for name, words in sections.items()}


@lru_cache(maxsize=4)
def load_rules(language: str) -> Rules:
    """Load the word lists for ``language``; English lists serve languages without their own.

    Titles come per language (``titles_<lang>.txt``); the mention word lists are English only
    for now, so a French article gets English particles and heads (harmless: French names rarely
    collide with them).
    """
    titles_path = RULES_DIR / f"titles_{language}.txt"
    titles = _read_sections(titles_path if titles_path.exists() else RULES_DIR / "titles_en.txt")
    words = _read_sections(RULES_DIR / "mention_words_en.txt")
    for name, entries in {**titles, **words}.items():
        if not entries:
            raise ValueError(f"rules section [{name}] is empty; an empty list would change nothing or all")
    return Rules(
        title_heads=titles["heads"],
        title_modifiers=titles["modifiers"],
        particles=words["particles"],
        event_heads=words["event_heads"],
        generic_institutions=words["generic_institutions"],
        place_nouns=words["place_nouns"],
        organization_heads=words["organization_heads"],
    )


# -- pass 1: cut ------------------------------------------------------------------------------


def _cut(ent: Span, rules: Rules) -> list[Candidate]:
    """Split an entity at possessives and punctuation, then trim and untitle each piece."""
    actor_type = LABEL_TYPES.get(ent.label_)
    if actor_type is None or (ent.label_ == "NORP" and not _is_organization_norp(ent, rules)):
        return []
    pieces: list[Candidate] = []
    start = ent.start
    for token in ent:
        if _splits(token, ent, rules):
            pieces.extend(_trimmed(ent.doc, start, token.i, ent.label_, actor_type, rules))
            start = token.i + 1
    pieces.extend(_trimmed(ent.doc, start, ent.end, ent.label_, actor_type, rules))
    return pieces


def _splits(token: Token, ent: Span, rules: Rules) -> bool:
    """Whether an entity is cut at ``token``: punctuation, a spaced dash, or a possessive.

    A possessive before one institution word stays inside ("Harris County Sheriff's Office");
    before a name it separates owner and name ("LNA's Field Marshal Haftar").
    """
    if token.text in SPLIT_TOKENS or (
        token.text in HYPHENS
        and token.whitespace_
        and token.i > ent.start
        and token.doc[token.i - 1].whitespace_
    ):
        return True
    if not (token.text.casefold() in POSSESSIVE_TOKENS or token.tag_ == "POS"):
        return False
    rest = [t for t in token.doc[token.i + 1 : ent.end] if not t.is_punct]
    return not (len(rest) == 1 and rest[0].text.casefold() in rules.generic_institutions)


def _is_organization_norp(ent: Span, rules: Rules) -> bool:
    """A NORP span is an organisation only when headed by a noun such as "Party" or "Front"."""
    return _head_word(ent).casefold() in rules.organization_heads


def _trimmed(doc: Doc, start: int, end: int, label: str, actor_type: str, rules: Rules) -> list[Candidate]:
    """Drop leading articles and trailing punctuation, then a leading title; [] when empty."""
    while start < end and (doc[start].tag_ in {"DT", "PDT"} or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (_is_trailing_noise(doc[end - 1], rules)):
        end -= 1
    if start >= end:
        return []
    name_start = _title_end(doc, start, end, rules)
    titled = name_start > start or _title_before(doc, start, rules)
    return [Candidate(name_start, end, label, actor_type, untitled_start=start, titled=titled)]


def _is_trailing_noise(token: Token, rules: Rules) -> bool:
    """Punctuation, a possessive, a common noun or a connector after a name ("Yunnan province",
    "Civic Discourse and")."""
    lower_word = (
        token.is_alpha and token.text.islower() and (token.text not in rules.particles or token.is_stop)
    )
    return token.is_punct or token.is_space or token.tag_ == "POS" or lower_word


def _title_end(doc: Doc, start: int, end: int, rules: Rules) -> int:
    """Index of the first name token after a leading title, or ``start`` when there is none.

    A title is a run of title words, nationality adjectives and joining words ("Russian Foreign
    Minister", "Commander-in-Chief", "Secretary of State") that contains a head word; it is
    stripped only if a name is left after it.
    """
    last_title, has_head = start, False
    for i in range(start, end):
        word = doc[i].text.casefold()
        if word in rules.title_heads:
            has_head, last_title = True, i + 1
        elif word in rules.title_modifiers:
            last_title = i + 1
        elif not (_is_nationality(doc[i]) or word in HYPHENS or word in {"in", "of", "the"}):
            break
    return last_title if has_head and last_title < end else start


def _is_nationality(token: Token) -> bool:
    """ "Russian", "U.S.": adjectives and place names that open a title."""
    return token.tag_ == "JJ" or token.ent_type_ in {"NORP", "GPE"}


def _title_before(doc: Doc, start: int, rules: Rules) -> bool:
    """True when a title head stands right before the span ("President Putin")."""
    return start > 0 and doc[start - 1].text.casefold() in rules.title_heads


# -- pass 2: filter ---------------------------------------------------------------------------


def junk_reason(doc: Doc, candidate: Candidate, rules: Rules, article: ArticleFacts) -> str | None:
    """Name the rule that shows ``candidate`` is not a name, or None when it may be one.

    Each rule is a shape that real names do not have, learnt from pages pasted from news sites:
    "Contact us" (a verb or pronoun), "Reach Agreement on Ceasefire Address" (a verb), "Falls
    Short" (title-case headline words found nowhere in the body), a byline beside a ``|``.
    """
    span = doc[candidate.start : candidate.end]
    text = article.text
    span_text = text[span.start_char : span.end_char]  # == span.text, without re-joining tokens
    words = [t for t in span if not (t.is_punct or t.is_space)]
    checks: tuple[tuple[str, bool], ...] = (
        ("crosses_line", "\n" in span_text),
        ("no_letters", not any(c.isalpha() for c in span_text)),
        ("beside_pipe", _beside_pipe(text, span.start_char, span.end_char, article.lines)),
        ("verb_or_pronoun", any(t.tag_ in VERB_TAGS for t in words)),
        (
            "lowercase_word",
            any(t.is_alpha and t.text.islower() and t.text not in rules.particles for t in words),
        ),
        ("stop_words_only", all(t.is_stop and not t.text.isupper() for t in words)),
        ("role_only", all(_is_title_word(t, rules) for t in words)),
        ("event_name", candidate.actor_type == "organization" and _event_head(span, rules)),
        ("generic_institution", _is_generic_institution(doc, candidate, words, rules)),
        ("headline_fragment", _headline_fragment(span, article, rules)),
        ("broken_name", _broken_name(doc, candidate)),
        ("whole_line", _is_whole_line(span.start_char, span.end_char, article.lines)),
        ("common_word", _is_common_word(span, article)),
    )
    return next((name for name, hit in checks if hit), None)


def _is_whole_line(start: int, end: int, lines: Lines) -> bool:
    """A name that is its line on its own: a byline, a label or a tag ("Background", "VOA").

    The line without its edge punctuation equals the name exactly when both have the same
    offsets, so no line is copied.
    """
    return lines.stripped[lines.index(start)] == (start, end)


def _is_common_word(span: Span, article: ArticleFacts) -> bool:
    """One capitalised word that the article also writes in lower case ("Gyms", "Email").

    Surnames that are also words ("Brown") are kept when a PERSON elsewhere ends with them.
    Both lookups use the per-Doc sets of ``ArticleFacts``, not a scan of the Doc per candidate.
    """
    if len(span) != 1 or not span[0].is_alpha or span[0].text.isupper():
        return False
    word = span[0].text.casefold()
    return word in article.token_texts and word not in article.person_surnames


def _is_title_word(token: Token, rules: Rules) -> bool:
    word = token.text.casefold()
    return word in rules.title_heads or word in rules.title_modifiers


def _beside_pipe(text: str, start: int, end: int, lines: Lines) -> bool:
    """A ``|`` in the span or next to it on its line: a byline or site name ("Address | Benghazi").

    Only the blanks between the span and its neighbours are read, never the rest of the line.
    """
    number = lines.index(start)
    line_start, line_end = lines.starts[number], lines.ends[number]
    before = start - 1
    while before >= line_start and text[before].isspace():
        before -= 1
    after = end
    while after < line_end and text[after].isspace():
        after += 1
    return ("|" in text[start:end] or (before >= line_start and text[before] == "|")
            or (after < line_end and text[after] == "|"))


def _event_head(span: Span, rules: Rules) -> bool:
    """An event or document name: "The Libya Conference", "Libya Cease-Fire Deal"."""
    return _head_word(span).casefold() in rules.event_heads


def _head_word(span: Span) -> str:
    """The span's syntactic head; without a parse, the last word before "of" ("Government of ...")."""
    if span.doc.has_annotation("DEP"):
        return span.root.text
    words = [t.text for t in span]
    return words[words.index("of") - 1] if "of" in words[1:] else words[-1]


def _is_generic_institution(doc: Doc, candidate: Candidate, words: list[Token], rules: Rules) -> bool:
    """ "The Armed Forces", "the General Command": capitalised common nouns after "the".

    They name an institution only through context, so they are descriptions, not actors. A
    proper noun or place word in the span ("Libyan National Army") keeps it.
    """
    if candidate.actor_type != "organization" or candidate.untitled_start == 0:
        return False
    after_the = (
        doc[candidate.untitled_start - 1].text.casefold() == "the"
        or doc[candidate.untitled_start].text.casefold() == "the"
    )
    content = [t.text.casefold() for t in words if t.text.casefold() not in rules.particles]
    return after_the and bool(content) and all(w in rules.generic_institutions for w in content)


def _headline_fragment(span: Span, article: ArticleFacts, rules: Rules) -> bool:
    """A span on a title-case line none of whose words the body text uses.

    Title case capitalises verbs and adjectives, so NER reads headline phrases as names ("Falls
    Short"); a real name in a headline nearly always recurs in the body.
    """
    if not article.lines.title_case[article.lines.index(span.start_char)]:
        return False
    tokens = [t.text for t in span if t.is_alpha and t.text.casefold() not in rules.particles]
    return bool(tokens) and not any(t in article.body_words for t in tokens)


def _broken_name(doc: Doc, candidate: Candidate) -> bool:
    """A one-word PERSON glued to a following proper noun NER left out ("Al-Wefaq Fayez ...").

    The model cut a longer name in pieces; the piece says nothing reliable on its own.
    """
    if candidate.actor_type != "person" or _name_word_count(doc, candidate) != 1 or candidate.end >= len(doc):
        return False
    nxt = doc[candidate.end]
    return nxt.tag_ in {"NNP", "PROPN"} and not nxt.ent_type_ and doc[candidate.end - 1].whitespace_ != ""


def _name_word_count(doc: Doc, candidate: Candidate) -> int:
    return len(name_key(doc[candidate.start : candidate.end].text).split())


def _is_title_case(line: str) -> bool:
    """A headline-style line: several words, most longer words capitalised, no final stop."""
    words = WORD.findall(line)
    long_words = [w for w in words if len(w) > 3]
    if len(words) < 3 or not long_words or SENTENCE_END.search(line):
        return False
    return sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words)


def _body_words(text: str) -> frozenset[str]:
    """Words (case kept) on lines that are not title-case headlines."""
    return frozenset(w for line in text.splitlines() if not _is_title_case(line) for w in WORD.findall(line))


# -- pass 3: retype ---------------------------------------------------------------------------


def _retype(doc: Doc, candidates: list[Candidate], rules: Rules) -> list[Candidate]:
    """Correct NER labels with evidence from the whole article.

    - a name after a stripped title is a person if the article confirms it (two name words, or a
      surname a PERSON elsewhere carries); an ORG such as "General Motors" is otherwise restored;
    - an ORG or GPE that repeats a person's surname is that person ("Lavrov" tagged ORG);
    - a name in apposition to a place noun ("the capital, Sri Jayawardenepura Kotte") or before
      "-based" ("Tripoli-based") is a location, and so is a name NER tags as a place elsewhere in
      the article ("Cork" as GPE, then as PERSON) unless a person carries it as surname.
    """
    surnames = _person_surnames(doc, candidates)
    places = frozenset(name_key(doc[c.start : c.end].text) for c in candidates if c.actor_type == "location")
    return [_retyped(doc, c, surnames, places, rules) for c in candidates]


def _person_surnames(doc: Doc, candidates: list[Candidate]) -> frozenset[str]:
    """Surname keys of full names that are people: tagged PERSON, or written after a title.

    "Field Marshal Khalifa Haftar" tagged ORG counts through its title, so that a later "Field
    Marshal Haftar", also tagged ORG, finds its surname here.
    """
    keys = set()
    for c in candidates:
        key = name_key(doc[c.start : c.end].text)
        if (c.actor_type == "person" and (" " in key or c.titled)) or (
            c.titled and _person_like(doc, c, key)
        ):
            keys.add(surname_key(key))
    return frozenset(keys)


def _person_like(doc: Doc, c: Candidate, key: str) -> bool:
    """Two or three proper-noun words: the shape of a full personal name."""
    words = doc[c.start : c.end]
    return 2 <= len(key.split()) <= 3 and all(t.tag_ in {"NNP", "PROPN"} or t.is_punct for t in words)


def _retyped(
    doc: Doc, c: Candidate, surnames: frozenset[str], places: frozenset[str], rules: Rules
) -> Candidate:
    """One candidate's type after the article-level checks (see ``_retype``)."""
    text = doc[c.start : c.end].text
    key = name_key(text)
    if _is_place_context(doc, c, rules) or (key in places and key not in surnames and not c.titled):
        return replace(c, actor_type="location")
    if c.actor_type == "person" or is_acronym(text):
        return c
    proper_nouns = all(t.tag_ in {"NNP", "PROPN"} or t.is_punct for t in doc[c.start : c.end])
    if proper_nouns and len(key.split()) <= 3 and surname_key(key) in surnames:
        return replace(c, actor_type="person")
    if c.titled and _person_like(doc, c, key):
        return replace(c, actor_type="person")
    if c.start != c.untitled_start:  # a title-like word that turned out to open a name
        return replace(c, start=c.untitled_start, titled=False)
    return c


def _is_place_context(doc: Doc, c: Candidate, rules: Rules) -> bool:
    """ "the capital Tripoli", "the city of X", "the capital, X." before the span, "-based" after.

    The comma form needs the apposition to close right after the name, so that "In the capital,
    Erdogan told reporters" keeps Erdogan a person.
    """
    before = [t.text.casefold() for t in doc[max(0, c.untitled_start - 2) : c.untitled_start]]
    after = [t.text.casefold() for t in doc[c.end : c.end + 2]]
    if len(after) == 2 and after[0] in HYPHENS and after[1] == "based":
        return True
    if not before:
        return False
    if before[-1] in rules.place_nouns or (before[-1] == "of" and before[0] in rules.place_nouns):
        return True
    closes = not after or doc[c.end].is_punct
    return before[-1] == "," and before[0] in rules.place_nouns and closes


def _to_mention(doc: Doc, c: Candidate, sentence_starts: dict[int, int]) -> Mention:
    span = doc[c.start : c.end]
    return Mention(
        mention_text=span.text,
        entity_label=c.label,
        actor_type=c.actor_type,
        start_char=span.start_char,
        end_char=span.end_char,
        sentence_index=sentence_starts.get(span.sent.start, 0) if sentence_starts else 0,
    )


def _has_sentences(doc: Doc) -> bool:
    """Whether sentence boundaries are set (parser or senter ran); else every index is 0."""
    return doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
