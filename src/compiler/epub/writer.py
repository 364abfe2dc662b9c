"""EPUB 3 writer (ebooklib), with the EPUB 2 NCX for older readers.

One XHTML file per section, all rendered by :mod:`compiler.book.render`. ebooklib writes the
package; we then rewrite the zip with fixed timestamps and order so that the same book always
gives the same bytes (ebooklib stamps entries with the current time).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from ebooklib import epub
from lxml import etree

from ..book.locale import label
from ..book.model import Book, Chapter, Part
from ..book.page_map import PageMap
from ..book.render import Page, Renderer, Target, environment
from ..book.volume_styles import for_epub
from ..machinery.cache import Cache
from ..machinery.reproducible import clamp
from ..machinery.styles import font_files, stylesheet
from ..sources.images import IMAGE_TYPES, book_copy
from ..sources.xhtml import keep_end_tags
from ..volume.model import STYLE_ASSET_TYPES
from .fonts import family_name, font_faces, licence, subset_fonts
from .metadata import add_accessibility, add_bibliographic, survey
from .ncx import add_page_list, number_play_order, reading_place
from .page_list import PageMarker, add_page_list_metadata, mark_pages, with_page_list

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
NCX_DOCTYPE = (
    '<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" '
    '"http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">'
)

# Front matter sections that get a landmark of their own (their epub:type); the body and the
# back matter get one each, at their first section. Dedications and epigraphs are not places
# a reader jumps to.
COVER_IMAGE = "images/cover.jpg"
LANDMARK_KINDS = {
    "titlepage": "titlepage",
    "copyright-page": "copyright-page",
    "toc": "toc",
    "foreword": "foreword",
    "preface": "preface",
    "introduction": "introduction",
}
# ebooklib's page template declares the z3998 vocabulary, which no page of ours uses.
PAGE_TEMPLATE = (
    b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html '
    b'xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"></html>'
)


class BookPage(epub.EpubHtml):
    """An XHTML page whose ``<body>`` names its division of the book (front, body, back) and
    whose empty elements keep their end tags.

    ebooklib builds the body itself and keeps none of its attributes, so the division is set
    on the finished page. It also parses and re-serialises each document with lxml, which
    writes an empty ``<a id="x"></a>`` as ``<a id="x"/>``: a reader that parses the file as
    HTML takes that for an opening tag and turns the rest of the paragraph into a link.
    """

    def __init__(self, *args: object, division: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.division = division

    def get_content(self, default: bytes | None = None) -> bytes:
        content = super().get_content(default)
        if not content:
            return content
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False))
        body = root.find(f"{{{epub.NAMESPACES['XHTML']}}}body")
        if body is not None:
            body.set(f"{{{epub.NAMESPACES['EPUB']}}}type", self.division)
        keep_end_tags(root)
        return etree.tostring(
            root, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>"
        )


def write_epub(
    book: Book,
    target: Path,
    pages: list[Page] | None = None,
    cover: bytes | None = None,
    cache: Cache | None = None,
    page_map: PageMap | None = None,
) -> None:
    """Write the EPUB to ``target`` (the build makes it atomic); ``cover`` is a JPEG.

    ``cache`` keeps the subset fonts between builds; ``page_map`` (from the print layout)
    gives the book its page list.
    """
    package, markers = build_package(book, pages, cover, cache, page_map)
    writer = PackageWriter(
        str(target),
        package,
        {
            "mtime": book.meta.modified.astimezone(dt.UTC).replace(tzinfo=None),
            "epub2_guide": False,
            "epub3_landmark": True,
            "landmark_title": "Guide",
            # The page list comes from the print edition or not at all: ebooklib's own lists
            # every element with an id, which are not pages.
            "epub3_pages": False,
        },
        _depth(book),
        markers,
    )
    writer.process()
    writer.write()
    normalise_zip(target, book.meta.modified)


def build_package(
    book: Book,
    pages: list[Page] | None = None,
    cover: bytes | None = None,
    cache: Cache | None = None,
    page_map: PageMap | None = None,
) -> tuple[epub.EpubBook, list[PageMarker]]:
    meta = book.meta
    renderer = Renderer(book, Target.EPUB)
    pages = pages if pages is not None else renderer.pages()
    markers: list[PageMarker] = []
    if page_map is not None:
        pages, markers = mark_pages(pages, page_map)
    package = epub.EpubBook()
    package.set_template("chapter", PAGE_TEMPLATE)
    package.metadata.get(epub.NAMESPACES["OPF"], {}).pop("generator", None)
    package.set_identifier(meta.identifier)
    package.title = meta.title
    package.add_metadata("DC", "title", meta.title, {"id": "title"})
    package.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if meta.subtitle:
        package.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        package.add_metadata(
            None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"}
        )
    package.set_language(meta.language)
    for number, author in enumerate(meta.authors, start=1):
        package.add_author(author, uid=f"creator{number}", role="aut")
        if number <= len(meta.author_sort):
            package.add_metadata(
                None,
                "meta",
                meta.author_sort[number - 1],
                {"refines": f"#creator{number}", "property": "file-as"},
            )
    add_bibliographic(package, book)
    if meta.publisher:
        package.add_metadata("DC", "publisher", meta.publisher)
    if meta.date:
        package.add_metadata("DC", "date", meta.date.isoformat())
    if meta.series:
        package.add_metadata(
            None, "meta", meta.series.name, {"property": "belongs-to-collection", "id": "series"}
        )
        package.add_metadata(
            None, "meta", "series", {"refines": "#series", "property": "collection-type"}
        )
        if meta.series.number is not None:
            package.add_metadata(
                None,
                "meta",
                str(meta.series.number),
                {"refines": "#series", "property": "group-position"},
            )
        # Calibre, Kobo and others read series from these EPUB 2 style metas.
        package.add_metadata(
            None, "meta", "", {"name": "calibre:series", "content": meta.series.name}
        )
        if meta.series.number is not None:
            package.add_metadata(
                None,
                "meta",
                "",
                {"name": "calibre:series_index", "content": str(meta.series.number)},
            )

    css = [
        epub.EpubItem(
            uid=f"css-{name}",
            file_name=f"styles/{name}.css",
            media_type="text/css",
            content=stylesheet(f"{name}.css").read_bytes(),
        )
        for name in ("base", "epub")
    ]
    # The volume's own stylesheets come last, so their rules win; the fonts and images they
    # name travel with them (whole: a face the editor chose is not ours to subset).
    css += [
        epub.EpubItem(
            uid=f"css-volume-{number}",
            file_name=f"styles/volume-{number}.css",
            media_type="text/css",
            content=for_epub(text).encode("utf-8"),
        )
        for number, text in enumerate(book.styles, start=1)
    ]
    if meta.embed_fonts:
        css.insert(0, _embed_fonts(package, pages, cache))
    for item in css:
        package.add_item(item)
    for number, (key, path) in enumerate(sorted(book.style_assets.items()), start=1):
        package.add_item(
            epub.EpubItem(
                uid=f"style-asset-{number}",
                file_name=key,
                media_type=STYLE_ASSET_TYPES[Path(key).suffix.lower()],
                content=path.read_bytes(),
            )
        )
    for key, path in sorted(book.assets.items()):
        package.add_item(
            epub.EpubItem(
                uid=f"img-{Path(key).stem}",
                file_name=key,
                media_type=IMAGE_TYPES[Path(key).suffix],
                content=book_copy(path, key),
            )
        )

    documents: dict[str, epub.EpubHtml] = {}
    if cover is not None:
        # The image is the manifest's cover-image; the page shows it first in reading order.
        package.set_cover(COVER_IMAGE, cover, create_page=False)
        page = Page(
            "cover",
            label(meta.language, "cover"),
            "cover",
            environment().get_template("epub-cover.html").render(meta=meta, src=COVER_IMAGE),
        )
        item = BookPage(
            uid="cover-page",
            file_name="cover.xhtml",
            title=page.title,
            lang=meta.language,
            division="frontmatter",
        )
        item.content = renderer.document([page])
        for sheet in css:
            item.add_item(sheet)
        package.add_item(item)
        documents["cover"] = item
    add_accessibility(package, survey(pages, meta.language), meta.certification)
    if markers:
        add_page_list_metadata(package, meta)
    languages = {c.id: c.language for c in book.chapters() if c.language}
    divisions = {s.id: "frontmatter" for s in book.front} | {s.id: "backmatter" for s in book.back}
    for page in pages:
        item = BookPage(
            uid=page.id,
            file_name=f"{page.id}.xhtml",
            title=page.title,
            lang=languages.get(page.id, meta.language),
            division=divisions.get(page.id, "bodymatter"),
        )
        item.content = renderer.document([page])
        for sheet in css:
            item.add_item(sheet)
        package.add_item(item)
        documents[page.id] = item

    spine: list[epub.EpubHtml | tuple[epub.EpubHtml, str]] = list(documents.values())
    if meta.embed_fonts:
        # The typeface's licence travels with it, as a page outside the reading order that the
        # copyright page links to (a plain-text file could be neither linked nor read).
        notice = _font_licence_page(renderer, css)
        package.add_item(notice)
        spine.append((notice, "no"))
    package.toc = _toc(book, documents)
    package.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=next((s.title for s in book.front if s.kind == "toc"), "Contents"))
    package.add_item(nav)
    package.spine = spine
    package.guide = _landmarks(book, documents)
    if cover is not None:
        package.guide.insert(
            0, {"href": "cover.xhtml", "title": label(meta.language, "cover"), "type": "cover"}
        )
    return package, markers


FONT_LICENCE_ID = "font-licence"  # its XHTML file, which the copyright page links to


def _font_licence_page(renderer: Renderer, css: list[epub.EpubItem]) -> BookPage:
    title = "SIL Open Font License"
    html = (
        environment()
        .get_template("font-licence.html")
        .render(section_id=FONT_LICENCE_ID, title=title, text=licence().decode("utf-8"))
    )
    item = BookPage(
        uid=FONT_LICENCE_ID,
        file_name=f"{FONT_LICENCE_ID}.xhtml",
        title=title,
        lang="en",
        division="backmatter",
    )
    item.content = renderer.document([Page(FONT_LICENCE_ID, title, "appendix", html)])
    for sheet in css:
        item.add_item(sheet)
    return item


def _embed_fonts(package: epub.EpubBook, pages: list[Page], cache: Cache | None) -> epub.EpubItem:
    """Add the subset faces and their licence; return the stylesheet that declares them."""
    fonts = subset_fonts((page.html for page in pages), cache)
    for font in fonts:
        package.add_item(
            epub.EpubItem(
                uid=f"font-{Path(font.file_name).stem}",
                file_name=font.file_name,
                media_type="font/ttf",
                content=font.data,
            )
        )
    family = family_name(font_files()[0])
    return epub.EpubItem(
        uid="css-fonts",
        file_name="styles/fonts.css",
        media_type="text/css",
        content=font_faces(fonts, family).encode(),
    )


def _depth(book: Book) -> int:
    """How deep the table of contents goes: 2 with parts holding chapters, else 1."""
    return 2 if any(part.chapters for part in book.parts()) else 1


def _toc(book: Book, documents: dict[str, epub.EpubHtml]) -> list:
    def chapter(c: Chapter) -> epub.Link:
        # The reading system's contents list is narrow: a chapter's short title fits it.
        return epub.Link(documents[c.id].file_name, c.running_title, c.id)

    toc: list = [documents[s.id] for s in book.front if s.in_toc]
    for entry in book.contents:
        if isinstance(entry, Part):
            section = epub.Section(entry.title, href=documents[entry.id].file_name)
            toc.append((section, [chapter(c) for c in entry.chapters]))
        else:
            toc.append(chapter(entry))
    toc.extend(documents[s.id] for s in book.back if s.in_toc)
    return toc


def _landmarks(book: Book, documents: dict[str, epub.EpubHtml]) -> list[dict[str, str]]:
    marks = [
        {"href": documents[s.id].file_name, "title": s.title, "type": LANDMARK_KINDS[s.kind]}
        for s in book.front
        if s.kind in LANDMARK_KINDS
    ]
    first = next(iter(book.contents), None)
    if first is not None:
        marks.append(
            {"href": documents[first.id].file_name, "title": first.title, "type": "bodymatter"}
        )
    # Back matter that opens with the index has its start marked as the index below: a second
    # landmark to the same page under the same title would list "Index" twice in a reader's
    # guide.
    if book.back and book.back[0].kind != "index":
        start = book.back[0]
        marks.append(
            {"href": documents[start.id].file_name, "title": start.title, "type": "backmatter"}
        )
    # The back-of-book index is a place readers jump to (EPUB Indexes 1.1, 2.2).
    marks.extend(
        {"href": documents[s.id].file_name, "title": s.title, "type": "index"}
        for s in book.back
        if s.kind == "index"
    )
    return marks


def normalise_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite the zip with fixed timestamps and permissions: same book, same bytes.

    The ``mimetype`` entry stays first and uncompressed, as the OCF specification requires.
    """
    date_time = clamp(when).timetuple()[:6]
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    entries.sort(key=lambda entry: entry[0] != "mimetype")
    with zipfile.ZipFile(path, "w") as out:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            out.writestr(info, data, compresslevel=9 if name != "mimetype" else None)


class PackageWriter(epub.EpubWriter):
    """ebooklib's writer, plus what it cannot be told: the package's ``xml:lang`` (the
    language reading systems and checkers take for the book), the NCX's real depth, which
    it always writes as 0, its play order, which it leaves out, and the page list of the
    print edition, in the EPUB 3 nav and in the NCX alike."""

    def __init__(
        self,
        name: str,
        book: epub.EpubBook,
        options: dict,
        depth: int,
        markers: list[PageMarker] | None = None,
    ) -> None:
        super().__init__(name, book, options)
        self.depth = depth
        self.markers = markers or []

    def _get_nav(self, item: epub.EpubNav) -> bytes:
        nav = super()._get_nav(item)
        if not self.markers:
            return nav
        return with_page_list(nav, self.markers, label(self.book.language, "pages"))

    def _write_opf_file(self, root: etree._Element) -> None:
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)

    def _get_ncx(self) -> bytes:
        # Without ebooklib's indentation, so that the whole file is indented alike.
        root = etree.fromstring(super()._get_ncx(), etree.XMLParser(remove_blank_text=True))
        for meta in root.iter(f"{{{NCX}}}meta"):
            if meta.get("name") == "dtb:depth":
                meta.set("content", str(self.depth))
        add_page_list(root, self.markers, label(self.book.language, "pages"))
        number_play_order(root, reading_place(self._spine_files(), self._element_ids))
        return etree.tostring(
            root, encoding="utf-8", xml_declaration=True, pretty_print=True, doctype=NCX_DOCTYPE
        )

    def _spine_files(self) -> list[str]:
        files = []
        for entry in self.book.spine:
            item = entry[0] if isinstance(entry, tuple) else entry
            if isinstance(item, str):
                item = self.book.get_item_with_id(item)
            if item is not None:
                files.append(item.file_name)
        return files

    def _element_ids(self, file_name: str) -> list[str]:
        """The ids of a document's elements, in document order, as the EPUB holds it."""
        item = self.book.get_item_with_href(file_name)
        if item is None:
            return []
        root = etree.fromstring(item.get_content(), etree.XMLParser(resolve_entities=False))
        return [element.get("id") for element in root.iter() if element.get("id")]
