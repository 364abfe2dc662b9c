"""The covers of one build: the ebook cover image and the print cover PDF.

:mod:`compiler.covers.draw` draws covers from metadata; this module decides what goes on them for a
volume (the editor's own image or a typographic one, the blurb, the author photo, the price) and
where the interior's page count comes from when only the covers are rebuilt.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from ..book.articles import load_section, render_text
from ..book.model import Book
from ..errors import BookError, Diagnostics
from ..machinery.cache import Cache, code_fingerprint, digest
from ..machinery.freshness import is_fresh
from ..sources.images import check_image_file
from ..sources.inputs import read_input
from ..volume.model import MatterText, Volume
from .draw import CoverDesign, CoverText, check_cover_image, ebook_cover_jpeg


def ebook_cover(
    volume: Volume, book: Book, diagnostics: Diagnostics, cache: Cache | None = None
) -> bytes:
    """JPEG bytes of the front cover: the editor's image (checked) or a typographic one.

    The typographic cover depends on nothing but the book's metadata (and the compiler's
    templates, styles and fonts), and drawing it costs half a second, which an edit of one
    essay should not pay again: it is kept in ``cache``.
    """
    if volume.cover is None or volume.cover_style == "photo":
        design = cover_design(volume)
        if design.image is not None:
            check_image_file(design.image, "the cover image")
        if cache is None:
            return ebook_cover_jpeg(book.meta, design)
        files = [p.read_bytes() for p in (*design.stylesheets, design.image) if p is not None]
        key = digest(code_fingerprint(), "ebook-cover", repr(book.meta), repr(design), *files)
        stored = cache.get("covers", key)
        if stored is None:
            stored = ebook_cover_jpeg(book.meta, design)
            cache.put("covers", key, stored)
        return stored
    check_image_file(volume.cover, "the cover image")
    for warning in check_cover_image(volume.cover):
        diagnostics.warn(warning, volume.cover)
    try:
        data = read_input(volume.cover)  # read once, as checked above
        with Image.open(io.BytesIO(data)) as image:
            if image.format == "JPEG" and image.mode == "RGB":
                return data
            # Stores want a JPEG; convert once, with fixed settings, so rebuilds match.
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=92, optimize=True)
            return buffer.getvalue()
    except (OSError, ValueError) as exc:
        raise BookError(f"cannot read the cover image: {exc}", volume.cover) from exc


def cover_design(volume: Volume) -> CoverDesign:
    """The style of the drawn covers, the photo style's picture and the volume's CSS."""
    return CoverDesign(
        style=volume.cover_style,
        image=volume.cover if volume.cover_style == "photo" else None,
        stylesheets=volume.styles,
        root=volume.root,
    )


def _matter_html(matter: MatterText, volume: Volume, diagnostics: Diagnostics) -> str | None:
    if matter.file is not None:
        return load_section(matter.file, volume, diagnostics)[1]
    return render_text(matter.text, volume, diagnostics) if matter.text else None


def cover_text(volume: Volume, diagnostics: Diagnostics) -> CoverText:
    """Back-cover copy and review quotes, the author's bio and photo, the price and the
    design, from volume.yaml."""
    blurb_html = None
    if volume.blurb is not None:
        blurb_html = _matter_html(volume.blurb, volume, diagnostics)
    else:
        # A back cover with the title alone where the copy belongs looks unfinished; the
        # publisher may not know the key exists.
        where = volume.where("title")
        diagnostics.warn(
            "no blurb in volume.yaml: the back cover carries only the title and authors where "
            "its copy would be; add 'blurb:' (text or a Markdown file) to describe the book",
            where.file,
            where.line,
            where.col,
        )
    about = volume.back.about_author
    photo = about.photo if about is not None else None
    if not volume.isbn.print:
        # Not a fault: the services assign an ISBN and print its barcode in that box. It is a
        # decision the publisher should see, so it is a note rather than a warning.
        where = volume.where("isbn", "title")
        diagnostics.note(
            "no print ISBN in volume.yaml: the barcode box on the back cover is left clear "
            "for the ISBN and barcode the printing service assigns",
            where.file,
            where.line,
            where.col,
        )
    quotes = tuple(
        (
            render_text(quote.text, volume, diagnostics),
            render_text(quote.source, volume, diagnostics) if quote.source else None,
        )
        for quote in volume.cover_quotes
    )
    return CoverText(
        blurb_html=blurb_html,
        quotes=quotes,
        author_photo=photo,
        price=volume.print.price,
        bio_html=_matter_html(volume.cover_bio, volume, diagnostics) if volume.cover_bio else None,
        design=cover_design(volume),
    )


def cover_warnings(volume: Volume, diagnostics: Diagnostics) -> Callable[[str], None]:
    """Where the drawing of the covers reports what it had to leave out: at the volume's
    title, the line a shorter title would change."""
    where = volume.where("title")

    def warn(message: str) -> None:
        diagnostics.warn(message, where.file, where.line, where.col)

    return warn


def interior_page_count(volume: Volume, book: Book, pdf: Path) -> int:
    """The interior's page count: from the PDF in build/ when it is fresh, else by layout."""
    if is_fresh(pdf, volume):
        try:
            return len(PdfReader(str(pdf)).pages)
        except Exception:  # noqa: BLE001 - any unreadable PDF just means "lay it out again"
            pass
    from ..interior.layout import layout

    document, _ = layout(book, volume.print)
    return len(document.pages)


__all__ = ["cover_design", "cover_text", "cover_warnings", "ebook_cover", "interior_page_count"]
