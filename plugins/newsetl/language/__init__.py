"""Language stage: deterministic language detection with a confidence."""

from newsetl.language.detect import detect_language

__all__ = ["detect_language"]
