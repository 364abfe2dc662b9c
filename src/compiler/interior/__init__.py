"""The print interior: a book laid out into a PDF a print-on-demand service accepts.

- :mod:`~compiler.interior.services`: each service's published rules (trims, margins, page
  limits, spine width, PDF variant); the one table config, layout, covers and preflight read.
- :mod:`~compiler.interior.layout`: page geometry and the whole-book layout, the reference.
- :mod:`~compiler.interior.units`, :mod:`~compiler.interior.assembly`: the same pages laid out
  in parallel units, cached, and assembled into one PDF, with folios stamped on afterwards
  (:mod:`~compiler.interior.folios`) and one subset per font (:mod:`~compiler.interior.fonts`).
- :mod:`~compiler.interior.heads` fits running heads, :mod:`~compiler.interior.glyphs` warns
  about characters the book face lacks, :mod:`~compiler.interior.sandbox` is the only way the
  PDF engine may read a file.
- :mod:`~compiler.interior.page_starts` reads where each laid-out page's text begins, for
  the EPUB's page list; every layout (whole book, unit, front matter) records it.
- :mod:`~compiler.interior.preflight` reads the finished PDF back and checks it against the
  service's rules, caching per page (:mod:`~compiler.interior.page_keys`).

It reads a :class:`~compiler.book.model.Book` and its HTML and must not read sources, run
cleanup or load volume.yaml; covers are drawn in :mod:`compiler.covers`.

Importing this package loads nothing: :mod:`compiler.config` imports ``services`` without the
PDF engine.
"""
