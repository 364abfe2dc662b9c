"""volume.yaml in, a validated :class:`~compiler.volume.model.Volume` out.

Every key is declared once, in :mod:`~compiler.config.schema`, as a small option object
(:mod:`~compiler.config.options`) that knows its type, default and documentation and checks a
value itself. The loader (:mod:`~compiler.config.load`) walks the YAML tree against that schema
and collects every problem with the line and column it came from, so the user fixes a volume
in one pass instead of one error per run; :mod:`~compiler.config.reference` renders the same
schema as the README's table, so the documentation cannot drift from what the loader accepts.

This package checks values against what the later stages can honour: cleanup rule names
(:mod:`compiler.cleanup`), trims, papers and services (:mod:`compiler.interior.services`),
ISBN check digits (:mod:`compiler.covers.barcode`). It must not know how any of them does its
work, and no stage imports it: stages read the plain dataclasses in :mod:`compiler.volume`.
The model's names are re-exported here for callers of the library.
"""

from ..volume.model import (
    ArticleEntry,
    BackMatter,
    Certification,
    CleanupSettings,
    Epigraph,
    FrontMatter,
    Isbn,
    License,
    Location,
    MatterText,
    PartEntry,
    PrintSettings,
    Series,
    SeriesVolume,
    Volume,
)
from .load import load_volume
from .options import trim_size
from .schema import CONFIG_KEYS, schema_reference

__all__ = [
    "CONFIG_KEYS",
    "ArticleEntry",
    "BackMatter",
    "Certification",
    "CleanupSettings",
    "Epigraph",
    "FrontMatter",
    "Isbn",
    "License",
    "Location",
    "MatterText",
    "PartEntry",
    "PrintSettings",
    "Series",
    "SeriesVolume",
    "Volume",
    "load_volume",
    "schema_reference",
    "trim_size",
]
