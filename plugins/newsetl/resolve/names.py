"""Normalised keys for names, so that spelling variants of one name compare equal.

News in English spells Arabic, Russian and Turkish names in several romanisations: "Haftar" and
"Hafter", "Sarraj" and "Serraj", "Sergey Shoygu" and "Sergei Shoigu", "Muammar Gaddafi" and
"Moammar Gadhafi". They differ almost only in their vowels, in doubled letters and in digraphs
such as "dh"/"d". A name key keeps, per token, a consonant skeleton: the first letter (any
initial vowel as ``a``) followed by the consonants, after folding common digraphs and doubled
letters (a Soundex-like idea, kept milder so that distinct names mostly stay distinct).

Known limit: names from one root that differ only in vowels (Hassan / Hussein) share a skeleton.
The in-article linker only compares names within one article, and the cross-article resolver in
dbt also requires agreeing given names, which keeps such collisions rare.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic article written before a name: "al-Sarraj", "el-Sisi", "Al Thani", "al-" alone.
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ul|ad|ash|as|at|az|ar|an)[-\u2010\u2011'’](?=\w)", re.IGNORECASE)
STANDALONE_ARTICLES = frozenset({"al", "el"})
# Words that join the parts of an organisation name and carry no identity of their own.
CONNECTORS = frozenset(
    {"of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "le", "les", "et", "&"}
)
# Digraphs that romanisations use interchangeably with a single letter, applied in order.
DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("tch", "ch"),
    ("sch", "sh"),
    ("ph", "f"),
    ("ck", "k"),
    ("dj", "j"),
    ("dh", "d"),
    ("th", "t"),
    ("kh", "k"),
    ("gh", "g"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
)
VOWELS = frozenset("aeiouy")
APOSTROPHES = re.compile(r"['’`´ʼ‘]")
SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014./]+")
ACRONYM = re.compile(r"^(?:[A-Z]\.){2,6}$|^[A-Z]{2,6}s?$")
PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,6}s$")
POSSESSIVE = re.compile(r"['’]s?$")
NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """NFKC, casefold and strip accents: "Mevlüt" -> "mevlut", "Ｌavrov" -> "lavrov"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_tokens(name: str) -> list[str]:
    """Split a name into folded tokens, dropping Arabic articles and possessive endings.

    "Fayez al-Sarraj" -> ["fayez", "sarraj"]; "Al Sarraj" -> ["sarraj"]; "Haftar’s" -> ["haftar"].
    """
    name = POSSESSIVE.sub("", name.strip())
    tokens: list[str] = []
    for raw in name.split():
        raw = ARTICLE_PREFIX.sub("", raw)
        for part in SEPARATORS.split(fold(raw)):
            part = APOSTROPHES.sub("", part)
            if part and part not in STANDALONE_ARTICLES:
                tokens.append(part)
    return tokens


@lru_cache(maxsize=65536)
def plain_name(name: str) -> str:
    """The name's folded words, letters kept: what the actor models compare and seeds match on.

    Folded as ``fold`` does, every run of characters other than letters and digits made one
    space, and a standalone Arabic article dropped: "Fayez al-Sarraj" -> "fayez sarraj",
    "Mevlüt Çavuşoğlu" -> "mevlut cavusoglu", "AT&T" -> "at t". Unlike ``name_key`` it keeps
    vowels and connectors, so jaro-winkler can still tell "Libya" from "Libyan"; and it splits at
    an apostrophe ("O'Malley" -> "o malley") where ``name_tokens`` joins, as the SQL macro it
    replaced did, so that the actors stay as they were. dbt calls it as ``newsetl_name_plain``
    (``newsetl.resolve.sql_functions``).
    """
    return " ".join(word for word in NON_WORD.split(fold(name)) if word and word not in STANDALONE_ARTICLES)


def plain_initials(name: str) -> str:
    """Initials of ``plain_name``'s words other than connectors: "Government of National Accord" -> "gna"."""
    return "".join(word[0] for word in plain_name(name).split() if word not in CONNECTORS)


@lru_cache(maxsize=65536)
def token_skeleton(token: str) -> str:
    """Consonant skeleton of one folded token: "haftar"/"hafter" -> "hftr", "sergei" -> "srg".

    Doubled letters are collapsed before the vowels go, so "muammar" and "moammar" both give
    "mmr". A token that is all digits is kept as it is.
    """
    if token.isdigit():
        return token
    for old, new in DIGRAPHS:
        token = token.replace(old, new)
    token = re.sub(r"(.)\1+", r"\1", token)
    if not token:
        return token
    head = "a" if token[0] in VOWELS - {"y"} else token[0]
    tail = "".join(c for c in token[1:] if c not in VOWELS and c.isalnum())
    return head + tail


def is_acronym(text: str) -> bool:
    """True for "LNA", "GNA", "U.N.", "NATO": 2-6 capitals, optionally dotted."""
    return bool(ACRONYM.match(POSSESSIVE.sub("", text.strip())))


def acronym_key(text: str) -> str:
    """Letters of an acronym, folded, without a plural s: "U.N." -> "un", "NGOs" -> "ngo"."""
    text = POSSESSIVE.sub("", text.strip())
    text = text[:-1] if PLURAL_ACRONYM.match(text) else text
    return "".join(c for c in fold(text) if c.isalnum())


def initials(name: str, *, keep_connectors: bool = False) -> str:
    """Initials of a name's words: "Government of National Accord" -> "gna".

    With ``keep_connectors`` the joining words count too, for acronyms such as "UNHCR" that
    keep them ("Organisation of the Islamic Conference" -> "ootic" is then one candidate).
    """
    return "".join(t[0] for t in name_tokens(name) if keep_connectors or t not in CONNECTORS)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Key under which spelling variants of a name meet: one skeleton per token.

    Cached: a pure function of the string, and the mention passes and the linker ask for the
    key of the same name several times per article (and the same names recur across articles).

    "Khalifa Hafter" and "Khalifa Haftar" -> "klf hftr"; "Fayez al-Serraj" -> "fz srj".
    An acronym keeps its letters ("LNA" -> "lna"), since its vowels are not interchangeable.
    Connectors ("of", "the") are dropped, so "Government of National Accord" -> "gvrnmnt ntnl acrd".
    """
    if is_acronym(name):
        return acronym_key(name)
    skeletons = [token_skeleton(t) for t in name_tokens(name) if t not in CONNECTORS]
    return " ".join(s for s in skeletons if s)


def surname_key(key: str) -> str:
    """Last token of a name key: the part a bare surname mention carries."""
    return key.rsplit(" ", 1)[-1]
