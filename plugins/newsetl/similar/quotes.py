"""Reports of one statement: when two quotes of one speaker say the same thing.

Two reports are linked when their speakers share a block key (the surname of the named speaker)
and their wording is close: the Dice overlap of the character trigrams of their content words
(function words of English and French left out). Trigrams of content words catch the same words
in another order or inflection ("destroyed the Libyan state" / "the Libyan state was destroyed"),
a shorter excerpt, a synonym next to shared names, and, across English and French, shared names,
figures and cognates ("conférence" / "conference", "progrès" / "progress"). Two guards stop a
reworded contradiction from joining: the figures must agree ("fell to 4.1 percent" is not "rose to
4.3 percent") and so must the presence of a negation ("expects" is not "does not expect"), unless
one quote is a much shorter excerpt of the other.

Thresholds were chosen on ``tests/similar/quote_pairs.tsv``, 50 hand-labelled pairs from the seed
articles and from sentences written for it (never from the PolNeAR splits); its precision and
recall are asserted in ``tests/similar/test_quote_pairs.py`` and given in the dbt docs.

Deliberately not handled: a translation that shares no name, figure or cognate (a bilingual
dictionary or multilingual embeddings would be needed, and neither installs offline from the
lock file), and a paraphrase in entirely different words.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from newsetl.similar.minhash import fold_words

# Function words of the two extraction languages: they carry no statement of their own.
_STOP_WORDS_TEXT = """
a an the and or but if of to in on at by for with from as is are was were be been being has have had do does did
that this these those it its he she they we you i his her their our your my me him them us who whom which what
when where while would will can could should may might must shall than then there here also just very so such
into about over after before up down out said says say
le la les un une des du de d l et ou mais si en au aux ce cet cette ces il elle ils elles nous vous je tu on qui
que qu quoi dont est sont ont ete etre avoir fait pour par sur dans avec sous son sa ses leur leurs notre nos
votre vos mon ma mes s se y c j m t
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# Words that reverse a statement; "n't" folds to a word "t" ("doesn't" -> "doesn", "t").
NEGATIONS = frozenset({"not", "no", "never", "nor", "cannot", "t", "ne", "pas", "jamais", "aucun", "aucune"})
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# A report shorter than another and contained in it is an excerpt, which may leave out the negation
# ("any agreement that leaves the districts without water" from "We will not sign any agreement ...").
EXCERPT_SHARE = 0.85  # at most this share of the longer quote's trigrams
EXCERPT_CONTAINED = 0.9  # share of the excerpt's trigrams found in the longer quote
MAX_QUOTE_CHARS = 4000  # a runaway quote is compared on its start: cost stays bounded
LSH_KEYS = 24  # single-hash keys: a pair of Dice 0.3 shares one with probability 0.99
_RNG = np.random.default_rng(20240514)
_MULTIPLIERS = _RNG.integers(1, 2**63, size=LSH_KEYS, dtype=np.uint64) | np.uint64(1)
_OFFSETS = _RNG.integers(0, 2**63, size=LSH_KEYS, dtype=np.uint64)


class QuoteFeatures(NamedTuple):
    """What two reports of a statement are compared on."""

    grams: frozenset[int]  # crc32 of the character trigrams of the content words
    numbers: frozenset[str]  # figures in the text ("4.1", "2026")
    is_negated: bool
    language: str
    word_count: int


@lru_cache(maxsize=65536)
def _word_grams(word: str) -> tuple[int, ...]:
    """crc32 of the character trigrams of `` word `` (kept: a load hashes the same words again and again)."""
    padded = f" {word} "
    return tuple(zlib.crc32(padded[i : i + 3].encode("utf-8")) for i in range(len(padded) - 2))


def quote_features(text: str, language: str) -> QuoteFeatures:
    """Features of one quote's text, in the language of its article."""
    text = text[:MAX_QUOTE_CHARS]
    words = list(fold_words(text))
    grams = set()
    for word in words:
        if word in STOP_WORDS or word.isdigit():
            continue
        grams.update(_word_grams(word))
    numbers = frozenset(n.replace(",", ".") for n in NUMBER.findall(text))
    return QuoteFeatures(frozenset(grams), numbers, any(w in NEGATIONS for w in words), language, len(words))


def similarity(left: QuoteFeatures, right: QuoteFeatures) -> float:
    """Dice overlap of the two quotes' content trigrams, 0-1."""
    if not left.grams or not right.grams:
        return 0.0
    return 2 * len(left.grams & right.grams) / (len(left.grams) + len(right.grams))


def same_statement(left: QuoteFeatures, right: QuoteFeatures, *, min_similarity: float,
                   min_similarity_across_languages: float) -> bool:
    """Whether two quotes of one speaker report one statement.

    Args:
        min_similarity: Dice of content trigrams needed between quotes of one language.
        min_similarity_across_languages: the same between an English and a French quote, lower
            because a translation shares only names, figures and cognates.
    """
    if left.numbers and right.numbers and left.numbers != right.numbers:
        return False
    if left.is_negated != right.is_negated and not _is_excerpt(left, right):
        return False
    needed = min_similarity if left.language == right.language else min_similarity_across_languages
    return similarity(left, right) >= needed


def _is_excerpt(left: QuoteFeatures, right: QuoteFeatures) -> bool:
    """Whether one quote is a much shorter part of the other: an excerpt may stop before a negation."""
    shorter, longer = sorted((left.grams, right.grams), key=len)
    return len(shorter) <= EXCERPT_SHARE * len(longer) and len(shorter & longer) >= EXCERPT_CONTAINED * len(shorter)


def lsh_keys(features: QuoteFeatures, block_key: str) -> list[int]:
    """Candidate keys: one per hash function, the block and the smallest hash of the trigrams.

    Two quotes become candidates when one key is equal: same block, and the same trigram is the
    smallest under one hash function (probability = their Jaccard similarity, per function).
    """
    if not features.grams:
        return []
    grams = np.fromiter(features.grams, dtype=np.uint64, count=len(features.grams))
    minima = ((np.outer(_MULTIPLIERS, grams) + _OFFSETS[:, None]) >> np.uint64(32)).min(axis=1)
    return [int.from_bytes(hashlib.blake2b(f"{block_key}|{index}|{value}".encode(), digest_size=8).digest(),
                           "little") >> 1 for index, value in enumerate(minima)]
