"""PDF page labels that match the printed folios.

Without them a viewer or a print service's previewer numbers the pages 1, 2, 3… from the
half-title, so "page 12" in the viewer is folio 3 in the book. The labels say what print.css
prints: lower-case roman numerals from the first page (the front matter, counted from the
half-title even where no folio is printed) and arabic numerals from 1 at the body's first page.
Both writers of the interior use them: the whole-book layout through WeasyPrint's finisher,
the assembled parallel build through pypdf.
"""

from __future__ import annotations

from collections.abc import Callable

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject


def ranges(body_start: int) -> list[tuple[int, str]]:
    """(first page index, numbering style) pairs: ``r`` lower roman, ``D`` arabic."""
    if body_start <= 1:
        return [(0, "D")]
    return [(0, "r"), (body_start - 1, "D")]


def add_to_writer(writer: PdfWriter, body_start: int) -> None:
    """Write the labels into a pypdf document's catalog."""
    numbers = ArrayObject()
    for index, style in ranges(body_start):
        numbers.append(NumberObject(index))
        numbers.append(DictionaryObject({NameObject("/S"): NameObject(f"/{style}")}))
    writer._root_object[NameObject("/PageLabels")] = DictionaryObject(
        {NameObject("/Nums"): numbers}
    )


def finisher(body_start: int) -> Callable[[object, object], None]:
    """A WeasyPrint ``write_pdf`` finisher that writes the labels into the catalog.

    The catalog writes a string value as it stands, so the number tree is given as PDF
    source, as :func:`pdf_source` spells it.
    """

    def finish(_document: object, pdf: object) -> None:
        pdf.catalog["PageLabels"] = pdf_source(body_start)  # type: ignore[attr-defined]

    return finish


def pdf_source(body_start: int) -> str:
    """The /PageLabels number tree as PDF source."""
    entries = " ".join(f"{index} << /S /{style} >>" for index, style in ranges(body_start))
    return f"<< /Nums [{entries}] >>"
