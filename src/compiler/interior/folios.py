"""Folios drawn after layout, from the same print.css margin-box rules as a whole-book layout.

Units are laid out without knowing where they land, so their folio boxes are laid out but not
drawn (see :mod:`compiler.interior.units`). Here WeasyPrint lays out pages that hold nothing but
margin boxes, with the page counter set to the folio wanted; each such page becomes a form
XObject painted over the body page that needs that folio. The pages are made in blocks of
:data:`BLOCK` folios and cached, so a rebuild almost never lays one out: a folio's look
depends only on its number, its side (odd folios are rectos) and the page geometry.
"""

from __future__ import annotations

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)

from ..machinery.cache import code_fingerprint, digest
from .units import HEAD_BOX, LayoutJob, title_css

BLOCK = 64
FORM_NAME = "/CbFolio"


def block_job(
    block: int, geometry_css: str, book_title: str, pdf_options: dict[str, str]
) -> LayoutJob:
    """Folios ``block*BLOCK + 1`` to ``(block+1)*BLOCK`` on pages of nothing but margins.

    Versos keep print.css's head (the book title, as fitted to the head line); rectos'
    heads are the unit's own. The pages also serve as the book's blank pages' boxes (media,
    trim and bleed of a recto and a verso).
    """
    first = block * BLOCK + 1
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'/></head><body>"
        + "".join("<div class='folio-page'></div>" for _ in range(BLOCK))
        + "</body></html>"
    )
    head_off = f"@{HEAD_BOX} {{ content: none; }}"
    css = (
        ".folio-page + .folio-page { break-before: page; }\n"
        f"{title_css(book_title)}@page :right {{ {head_off} }}\n"
        f"@page :nth(1) {{ counter-reset: page {first}; }}\n"
    )
    options = tuple(sorted(pdf_options.items()))
    key = digest(
        code_fingerprint(),
        "folio-block",
        str(first),
        geometry_css,
        book_title,
        css,
        repr(options),
    )
    return LayoutJob(html=html, css=(geometry_css, css), key=key, pdf_options=options)


class FolioForms:
    """Folio pages turned into form XObjects of one output PDF, made on first use."""

    def __init__(self, writer: PdfWriter, readers: dict[int, PdfReader]):
        self.writer = writer
        self.readers = readers
        self.forms: dict[int, IndirectObject] = {}
        self.open = writer._add_object(_stream(b"q\n"))
        self.close = writer._add_object(_stream(f"Q\nq {FORM_NAME} Do Q\n".encode()))

    def form(self, folio: int) -> IndirectObject:
        if folio not in self.forms:
            block, offset = divmod(folio - 1, BLOCK)
            page = self.readers[block].pages[offset]
            contents = page.get_contents()
            form = _stream(contents.get_data() if contents is not None else b"")
            box = page.mediabox
            form.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject(list(box)),
                    NameObject("/Resources"): page["/Resources"].clone(self.writer),
                }
            )
            self.forms[folio] = self.writer._add_object(form)
        return self.forms[folio]

    def stamp(self, page: PageObject, folio: int) -> None:
        """Paint the folio over ``page``; the page's own drawing is fenced off with q/Q."""
        resources = DictionaryObject(page["/Resources"].get_object())
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[NameObject(FORM_NAME)] = self.form(folio)
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.raw_get("/Contents")
        original = list(contents.get_object()) if _is_array(contents) else [contents]
        page[NameObject("/Contents")] = ArrayObject([self.open, *original, self.close])


def blocks_needed(folios: int) -> range:
    return range((folios + BLOCK - 1) // BLOCK)


def _is_array(value: object) -> bool:
    return isinstance(value.get_object() if hasattr(value, "get_object") else value, list)


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)
