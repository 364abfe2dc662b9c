"""The EPUB 3 writer (:mod:`~compiler.epub.writer`).

It receives a :class:`~compiler.book.model.Book` and the shared HTML rendering of
:mod:`compiler.book.render`, and must not know about print: pages, trims, services and the PDF
engine belong to :mod:`compiler.interior`. Where the printed pages begin reaches it as plain
data (a :class:`~compiler.book.page_map.PageMap`), for its page list
(:mod:`~compiler.epub.page_list`).
"""
