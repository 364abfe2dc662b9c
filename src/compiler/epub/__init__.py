"""The EPUB 3 writer (:mod:`~compiler.epub.writer`).

It receives a :class:`~compiler.book.model.Book` and the shared HTML rendering of
:mod:`compiler.book.render`, and must not know about print: pages, trims, services and the PDF
engine belong to :mod:`compiler.interior`.
"""
