"""``python -m compiler``: the same as the ``compile-book`` command."""

from .cli import main

main()
