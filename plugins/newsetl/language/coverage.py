"""Which languages get quotes and mentions, said plainly (run summary, README, run notes).

The NLP stage has a spaCy pipeline for a few languages only (``Settings.extract_languages``); an
article in any other language still loads, with ``extraction_status = 'skipped_language'`` and
the reason in ``extraction_error``, and the summaries count those articles per language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Names for the messages; a code missing here is shown as the code alone.
LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
                  "pt": "Portuguese", "ru": "Russian", "ar": "Arabic", "tr": "Turkish", "nl": "Dutch",
                  "pl": "Polish", "zh-cn": "Chinese", "ja": "Japanese", "ko": "Korean", "und": "undetermined"}


def language_list(codes: Sequence[str]) -> str:
    """ "English (en), French (fr)" """
    return ", ".join(f"{LANGUAGE_NAMES.get(c, c)} ({c})" for c in codes) or "no language"


def skip_reason(language: str, extract_languages: Sequence[str]) -> str:
    """``extraction_error`` of an article whose language has no extraction model."""
    supported = language_list(extract_languages)
    if language == "und":
        return (f"language undetermined (text too short or mixed); quotes and mentions are extracted "
                f"only for {supported}")
    return f"quotes and mentions are extracted only for {supported}; this article is {language_list([language])}"


def not_extracted_line(counts: Mapping[str, int]) -> str:
    """ "de 20, es 8" (most first), or "none" """
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{language} {n}" for language, n in ordered) or "none"
