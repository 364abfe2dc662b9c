"""From a volume to a book, and from a book to HTML.

- :mod:`~compiler.book.articles` reads one contents entry (through the reader for its kind in
  :mod:`compiler.sources`), runs :mod:`compiler.cleanup` on it, collects its images and notes;
  :mod:`~compiler.book.article_cache` keeps the finished articles in the build cache.
- :mod:`~compiler.book.assemble` arranges them, with the front and back matter of
  :mod:`~compiler.book.matter`, into the :class:`~compiler.book.model.Book`: plain data.
- :mod:`~compiler.book.render` and ``templates/`` turn a book into the one HTML rendering both
  writers share; :mod:`~compiler.book.locale` holds the words the compiler prints itself.
- :mod:`~compiler.book.page_map` names places in that rendering the same way for both writers,
  so the print layout can tell the EPUB where each printed page begins.

Nothing here knows EPUB, PDF, page geometry or print services: the writers in
:mod:`compiler.epub`, :mod:`compiler.interior` and :mod:`compiler.covers` read the book and the
HTML. This is the only stage that reads article files.
"""
