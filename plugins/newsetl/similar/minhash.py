"""MinHash signatures and LSH band keys: near-duplicate texts found without comparing all pairs.

A text becomes the set of its word shingles (runs of ``SHINGLE_WORDS`` words after the same
folding as the dbt macro ``normalize_text``: case, accents, punctuation and spacing ignored).
Its MinHash signature keeps, for each of ``NUM_PERM`` hash functions, the smallest hash over
the shingles; the share of positions where two signatures agree estimates the Jaccard
similarity of the two sets (Broder, "On the resemblance and containment of documents", 1997).
Cutting the signature into ``BANDS`` bands and hashing each band gives LSH keys: two texts
become candidates only when one band key is equal (Leskovec, Rajaraman and Ullman, *Mining of
Massive Datasets*, ch. 3.4), so a new article is compared with the few articles that share a
key, never with the whole archive.

Cost is linear in the text and memory is bounded: words are hashed as a stream and the
shingles are folded into the signature ``CHUNK_SHINGLES`` at a time. A 9 MB one-line text
costs seconds and a few MB, where the earlier SQL shingle join asked DuckDB for 64 GiB
(issue 17).

Deliberately not handled: near-duplicates under a few words (they are one shingle; only an
identical normalised text matches) and translations (different words, different shingles).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32  # 4 rows per band: a pair of Jaccard 0.5 shares a band with probability 0.87
CHUNK_SHINGLES = 8192
# Letters and digits, as \p{L}\p{N} in normalize_text; accents are stripped before matching.
WORD = re.compile(r"[^\W_]+")
SEPARATOR = re.compile(r"[\W_]")
# Combining marks left by NFKD decomposition (the accents strip_accents removes in SQL).
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
CHUNK_CHARS = 1 << 20
_MASK64 = (1 << 64) - 1
# Fixed seeds: signatures are stored in the warehouse and must compare across runs and hosts.
_RNG = np.random.default_rng(20240513)
_MULTIPLIERS = _RNG.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd
_OFFSETS = _RNG.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_WINDOW_WEIGHTS = _RNG.integers(1, 2**63, size=SHINGLE_WORDS, dtype=np.uint64) | np.uint64(1)


class Signature(NamedTuple):
    """A text's MinHash signature, its LSH band keys and how many shingles it was made of."""

    minhash: tuple[int, ...]  # NUM_PERM unsigned 32-bit values
    band_keys: tuple[int, ...]  # BANDS unsigned 64-bit values
    shingle_count: int  # shingle windows in the text (repeats counted; news prose rarely repeats 5 words)


def fold_words(text: str) -> Iterator[str]:
    """The text's words in comparison form (lower case, no accents), a slice of text at a time.

    Slices end at a separator, so no word is cut; each slice is folded and split by C code
    (per-word Python calls took 2.5 s on a 9 MB text, slices 0.3 s).
    """
    start = 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        separator = SEPARATOR.search(text, end)
        end = separator.start() + 1 if separator else len(text)
        piece = text[start:end].lower()
        if not piece.isascii():
            piece = COMBINING.sub("", unicodedata.normalize("NFKD", piece))
        yield from WORD.findall(piece)
        start = end


@lru_cache(maxsize=262144)
def word_hash(word: str) -> int:
    """A stable 64-bit hash of a word (Python's ``hash`` changes from process to process)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _word_hash_chunks(words: Iterable[str], size: int) -> Iterator[np.ndarray]:
    chunk: list[int] = []
    for word in words:
        chunk.append(word_hash(word))
        if len(chunk) == size:
            yield np.array(chunk, dtype=np.uint64)
            chunk = []
    if chunk:
        yield np.array(chunk, dtype=np.uint64)


def shingle_hashes(words: Iterable[str], *, shingle_words: int = SHINGLE_WORDS) -> Iterator[np.ndarray]:
    """64-bit hashes of the word shingles, a chunk at a time; a short text is one shingle.

    A shingle's hash is a weighted sum of its words' hashes (wrapping at 2**64), so each chunk is
    a few vector operations; the last ``shingle_words - 1`` words carry over to the next chunk.
    """
    weights = _WINDOW_WEIGHTS[:shingle_words]
    carry = np.empty(0, dtype=np.uint64)
    emitted = False
    for chunk in _word_hash_chunks(words, CHUNK_SHINGLES):
        window = np.concatenate([carry, chunk])
        if len(window) >= shingle_words:
            count = len(window) - shingle_words + 1
            hashes = np.zeros(count, dtype=np.uint64)
            for offset in range(shingle_words):
                hashes += window[offset : offset + count] * weights[offset]
            emitted = True
            yield hashes
        carry = window[-(shingle_words - 1) :] if shingle_words > 1 else window[:0]
    if not emitted and len(carry):
        yield np.array([int((carry * weights[: len(carry)]).sum()) & _MASK64], dtype=np.uint64)


def signature_of_hashes(chunks: Iterable[np.ndarray]) -> Signature | None:
    """Fold shingle-hash chunks into a signature; None when there was no shingle at all."""
    minimum = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint64)
    count = 0
    for hashes in chunks:
        # multiply-shift hashing: one odd multiplier per permutation, the high 32 bits kept
        permuted = (np.outer(_MULTIPLIERS, hashes) + _OFFSETS[:, None]) >> np.uint64(32)
        np.minimum(minimum, permuted.min(axis=1), out=minimum)
        count += len(hashes)
    if not count:
        return None
    values = tuple(int(v) for v in minimum)
    return Signature(values, band_keys(values), count)


def band_keys(minhash: tuple[int, ...], *, bands: int = BANDS) -> tuple[int, ...]:
    """One 64-bit key per band of rows; the band's position is part of the key."""
    rows = len(minhash) // bands
    keys = []
    for band in range(bands):
        data = np.array([band, *minhash[band * rows : (band + 1) * rows]], dtype=np.uint64).tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little") >> 1)
    return tuple(keys)


def text_signature(text: str, *, shingle_words: int = SHINGLE_WORDS) -> Signature | None:
    """The MinHash signature of a text's word shingles; None for a text without a word."""
    return signature_of_hashes(shingle_hashes(fold_words(text), shingle_words=shingle_words))


def estimated_jaccard(left: tuple[int, ...], right: tuple[int, ...]) -> float:
    """Share of signature positions that agree: an unbiased estimate of the Jaccard similarity."""
    return sum(a == b for a, b in zip(left, right, strict=True)) / len(left)
