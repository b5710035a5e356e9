"""langdetect's own detector with its per-character Python loops replaced by equivalent cheaper code.

langdetect spent most of a detection outside its model: it looked up the Unicode block of every
character of the sample (a binary search in Python) to normalise it, grew the text one character
at a time, and multiplied the 55 language probabilities in an indexed loop. ``FastDetector``
keeps the profiles, the random trials and every floating-point operation of
``langdetect.detector.Detector`` in the same order, so its probabilities are the same numbers
(``tests/language/test_detect.py`` compares both on the multilingual corpora); only these steps
are cheaper:

- ``append``: a run of spaces collapsed by one regular expression, not a character loop;
- ``cleaning_text``: Latin and non-Latin letters counted by regular expressions;
- ``_extract_ngrams``: each distinct character normalised once per detection (``NGram.normalize``
  is a pure function of the character) and the n-gram window kept in local variables;
- ``_update_lang_prob`` / ``_normalize_prob``: list comprehensions over the same products and
  quotients.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory, init_factory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

SPACES = re.compile(" {2,}")
# 'A' <= ch <= 'z' in langdetect: ASCII letters and the six signs between them.
LATIN = re.compile("[A-z]")
# ch >= U+0300: langdetect means to leave out "Latin Extended Additional", but compares the block's
# number with its name, so every such character counts.
NON_LATIN = re.compile("[\u0300-\U0010ffff]")


@lru_cache(maxsize=4096)
def _normalized(ch: str) -> str:
    return NGram.normalize(ch)


# (word, followed by a space) -> its n-grams; words recur, so a detection mostly looks them up.
_WORD_NGRAMS: dict[tuple[str, bool], list[str]] = {}
MAX_CACHED_WORDS = 200_000


def _word_ngrams(word: str, spaced: bool, known: dict[str, list[float]]) -> list[str]:
    """The 1-, 2- and 3-grams langdetect takes from one word (no space in it), in its order."""
    found = _WORD_NGRAMS.get((word, spaced))
    if found is not None:
        return found
    found = []
    grams, capital = " ", False
    for ch in word + " " if spaced else word:
        last = grams[-1]
        if len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        if ch != " " and ch in known:
            found.append(ch)
        if len(grams) >= 2:
            if grams[-2:] in known:
                found.append(grams[-2:])
            if len(grams) >= 3 and grams in known:
                found.append(grams)
    if len(_WORD_NGRAMS) >= MAX_CACHED_WORDS:
        _WORD_NGRAMS.clear()
    _WORD_NGRAMS[(word, spaced)] = found
    return found


_ROWS: dict[str, numpy.ndarray] = {}


def _probabilities(word: str, known: dict[str, list[float]]) -> numpy.ndarray:
    """An n-gram's probability in each language, as an array (made once per n-gram)."""
    row = _ROWS.get(word)
    if row is None:
        row = _ROWS[word] = numpy.array(known[word])
    return row


class FastDetector(Detector):
    """``langdetect.detector.Detector`` with the same results, computed with fewer Python steps."""

    def append(self, text: str) -> None:
        text = self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text))
        text = NGram.normalize_vi(text)[: self.max_text_length]
        # langdetect keeps a space only after a character that is not one; its first call starts
        # with an empty text, so a leading space is kept, as here.
        self.text += SPACES.sub(" ", text)

    def cleaning_text(self) -> None:
        if len(LATIN.findall(self.text)) * 2 < len(NON_LATIN.findall(self.text)):
            self.text = LATIN.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        # langdetect's n-gram window starts afresh after every space, so the n-grams of a text
        # are those of its words (runs between spaces once normalised) in order, each word's
        # the same wherever it stands: they are worked out once per word and kept.
        normalized = self.text.translate({ord(ch): _normalized(ch) for ch in set(self.text)})
        *words, last = normalized.split(" ")
        result: list[str] = []
        for word in words:
            if word:
                result += _word_ngrams(word, True, self.word_lang_prob_map)
        if last:
            result += _word_ngrams(last, False, self.word_lang_prob_map)
        return result

    def _detect_block(self) -> None:
        """langdetect's trials, the 55 probabilities a NumPy array: the same products and
        quotients element by element, the same sums (Python's, in order), the same random draws."""
        if self.prior_map is not None:
            super()._detect_block()
            return
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        size = len(self.langlist)
        langprob = numpy.zeros(size)
        self.random.seed(self.seed)
        for _ in range(self.n_trial):
            prob = numpy.full(size, 1.0 / size)
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            i = 0
            while True:
                prob *= weight + _probabilities(self.random.choice(ngrams), self.word_lang_prob_map)
                if i % 5 == 0:
                    total = sum(prob.tolist())  # Python's sum, not NumPy's pairwise one: the same float
                    if total == 0.0:
                        raise ZeroDivisionError("float division by zero")  # as langdetect's division
                    prob /= total
                    if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            langprob += prob / self.n_trial
        self.langprob = langprob.tolist()


def detector() -> FastDetector:
    """A detector over langdetect's bundled profiles, seeded as ``DetectorFactory.seed`` says."""
    init_factory()
    from langdetect import detector_factory

    factory: DetectorFactory = detector_factory._factory  # noqa: SLF001 - the profiles langdetect loaded
    return FastDetector(factory)
