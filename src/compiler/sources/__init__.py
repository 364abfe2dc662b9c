"""Readers for every input kind, one module each, all producing the same RawArticle.

Only the data types are imported here, so a reader can be used without loading the others;
:mod:`compiler.book.articles` is the entry point that dispatches to them and finishes an
Article. Readers must not know cleanup, the volume's configuration or the book: what a
reader returns is all a later stage sees of the file. :mod:`~compiler.sources.fetch` is the
only network code in compile-book and runs only for ``compile-book fetch``, never in a build;
:mod:`~compiler.sources.limits` holds the caps every reader enforces on untrusted input.
"""

from .base import Article, Note, RawArticle, SourceMeta

__all__ = ["Article", "Note", "RawArticle", "SourceMeta"]
