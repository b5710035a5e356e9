"""Clean stage: boilerplate removal, headlines and multi-report pages."""

from newsetl.clean.articles import clean_document, clean_title, is_headline
from newsetl.clean.evidence import line_keys, repeated_across_stories, same_story
from newsetl.clean.lines import normalise_line

__all__ = ["clean_document", "clean_title", "is_headline", "line_keys", "normalise_line", "repeated_across_stories",
           "same_story"]
