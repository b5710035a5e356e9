"""Clean stage: boilerplate removal, headlines and multi-report pages."""

from newsetl.clean.articles import clean_document, clean_title, is_headline
from newsetl.clean.lines import normalise_line, repeated_lines

__all__ = ["clean_document", "clean_title", "is_headline", "normalise_line", "repeated_lines"]
