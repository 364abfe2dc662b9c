"""Readers for every input kind (one module each) and the step that finishes an Article.

Only the data types are imported here, so a reader can be used without loading the others;
``sources.article`` is the entry point that dispatches to them.
"""

from .base import Article, Note, RawArticle, SourceMeta

__all__ = ["Article", "Note", "RawArticle", "SourceMeta"]
