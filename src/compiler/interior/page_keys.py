"""Content keys for a PDF's pages: equal keys mean pixel-for-pixel the same page.

Preflight's margin check asks PDFium where every glyph on a page is drawn, which on a long
book costs more than everything else preflight does. After a one-essay edit almost every page
is byte-for-byte what was checked last time, so the check is keyed by the page's content and
its findings are taken from the build cache (:mod:`compiler.machinery.cache`).

A key covers everything that decides where ink lands: the content streams, the boxes, the
rotation, and the resources the streams draw with, followed through to the bytes of the font
programs (glyph outlines give the tight boxes the check measures) and images. Link
annotations and the page tree are left out: they point at other pages, and would make every
page's key change whenever any page did. Streams are hashed as stored, undecoded; a shared
object (a font used on every page) is hashed once per document.
"""

from __future__ import annotations

import hashlib

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
)

PAGE_FIELDS = (
    "/Contents",
    "/Resources",
    "/MediaBox",
    "/CropBox",
    "/TrimBox",
    "/BleedBox",
    "/ArtBox",
    "/Rotate",
    "/UserUnit",
    "/Group",
)
"""What of a page dictionary decides how it is drawn; the rest (/Annots, /Parent,
/StructParents) is navigation and structure."""

MAX_DEPTH = 32


def page_keys(reader: PdfReader) -> list[str]:
    """One SHA-256 per page, in page order, of everything that draws the page."""
    hasher = _Hasher()
    keys: list[str] = []
    for page in reader.pages:
        parts = hashlib.sha256()
        for field in PAGE_FIELDS:
            # pypdf copies inherited attributes (resources, boxes, rotation) onto each page.
            value = page.raw_get(field) if field in page else None
            parts.update(field.encode())
            parts.update(b"-" if value is None else hasher.digest(value, 0))
        keys.append(parts.hexdigest())
    return keys


class _Hasher:
    """Hashes of PDF objects, with indirect objects remembered by their object number."""

    def __init__(self) -> None:
        self._indirect: dict[tuple[int, int], bytes] = {}

    def digest(self, value: PdfObject | None, depth: int) -> bytes:
        if depth > MAX_DEPTH:
            raise ValueError("PDF objects nest too deeply to be read")
        if isinstance(value, IndirectObject):
            ref = (value.idnum, value.generation)
            known = self._indirect.get(ref)
            if known is None:
                # A placeholder first, so a cycle (a form that names itself) ends here.
                self._indirect[ref] = b"cycle"
                known = self.digest(value.get_object(), depth + 1)
                self._indirect[ref] = known
            return known
        hasher = hashlib.sha256()
        if isinstance(value, DictionaryObject):
            hasher.update(b"S" if isinstance(value, StreamObject) else b"D")
            for name in sorted(value):
                hasher.update(str(name).encode())
                hasher.update(self.digest(value.raw_get(name), depth + 1))
            if isinstance(value, StreamObject):
                hasher.update(value._data)
        elif isinstance(value, ArrayObject):
            hasher.update(b"A")
            for item in value:
                hasher.update(self.digest(item, depth + 1))
        else:
            hasher.update(type(value).__name__.encode())
            hasher.update(repr(value).encode())
        return hasher.digest()
