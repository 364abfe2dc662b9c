"""Build machinery every stage may use: nothing here knows what a book is.

- :mod:`~compiler.machinery.cache`: the content-addressed build cache and the fingerprint of
  the compiler's own code.
- :mod:`~compiler.machinery.atomic`: outputs staged and renamed into ``build/`` together.
- :mod:`~compiler.machinery.freshness`: is an output newer than everything it was made from.
- :mod:`~compiler.machinery.reproducible`: the clock must not leak into the outputs.
- :mod:`~compiler.machinery.styles`: where the bundled stylesheets and fonts are.

It may read the plain volume model (:mod:`compiler.volume`) to list a volume's inputs, and
must not import any stage: stages import it, never the other way round.
"""
