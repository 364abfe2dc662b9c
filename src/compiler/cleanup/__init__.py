"""Named cleanup rules for scraped articles.

Every reader produces the same tree (:class:`~compiler.sources.base.RawArticle`), so each rule
is written once, for Markdown, saved HTML pages and WordPress exports alike. Rules live in
:mod:`compiler.cleanup.rules`, one module each, registered by name and priority in
:mod:`compiler.cleanup.registry`; :func:`clean` runs the selected ones under a safety cap and
returns a :class:`CleanupReport` of everything they changed.

Cleanup sees one article at a time and its settings (:mod:`compiler.volume.model`), plus,
as evidence, the words of the volume's other articles (:mod:`.evidence`); it must not know
volume.yaml, the book or the writers. :mod:`compiler.config` reads the rule names
from here to check a volume, never the other way round.
"""

from .engine import DROP, MAX_REMOVED_SHARE, RULE_NAMES, clean, compile_patterns
from .evidence import Vocabulary, VolumeWords
from .registry import registry
from .report import Change, CleanupReport, format_report, summarise
from .typography import typeset

__all__ = [
    "DROP",
    "MAX_REMOVED_SHARE",
    "RULE_NAMES",
    "Change",
    "CleanupReport",
    "clean",
    "compile_patterns",
    "format_report",
    "registry",
    "summarise",
    "typeset",
    "Vocabulary",
    "VolumeWords",
]
