"""compile-book: essay collections to EPUB 3 and print-ready PDF.

The public API is :func:`build`. It is imported on first use so that importing one stage
(``compiler.config``, ``compiler.cleanup``) does not load the PDF engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import BookError, Problem

if TYPE_CHECKING:
    from .pipeline import BuildResult, build

__all__ = ["BookError", "BuildResult", "Problem", "build"]


def __getattr__(name: str) -> Any:
    if name in ("build", "BuildResult"):
        return getattr(importlib.import_module(".pipeline", __name__), name)
    raise AttributeError(f"module 'compiler' has no attribute {name!r}")
