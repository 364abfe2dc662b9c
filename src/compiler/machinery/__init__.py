"""Build machinery every stage may use: nothing here knows what a book is.

- :mod:`~compiler.machinery.cache`: the content-addressed build cache and the fingerprint of
  the compiler's own code.
- :mod:`~compiler.machinery.atomic`: outputs staged and renamed into ``build/`` together.
- :mod:`~compiler.machinery.freshness`: is an output newer than everything it was made from.
- :mod:`~compiler.machinery.reproducible`: the clock must not leak into the outputs.
- :mod:`~compiler.machinery.styles`: where the bundled stylesheets and fonts are.
- :mod:`~compiler.machinery.partial_dates`: a date known only to its year or month, which
  the readers, the volume file, the book, the EPUB and the cache all carry.

It may read the plain volume model (:mod:`compiler.volume`) to list a volume's inputs, and
must not import any stage: stages import it, never the other way round.
"""
