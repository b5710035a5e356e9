"""Language stage: deterministic language detection with a confidence."""

from newsetl.language.coverage import language_list, not_extracted_line, skip_reason
from newsetl.language.detect import detect_language

__all__ = ["detect_language", "language_list", "not_extracted_line", "skip_reason"]
