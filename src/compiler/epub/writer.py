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
from ..book.model import Book, Part
from ..book.render import Page, Renderer, Target, environment
from ..machinery.reproducible import clamp
from ..machinery.styles import stylesheet
from ..sources.images import IMAGE_TYPES, book_copy
from ..sources.xhtml import keep_end_tags

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
ACCESSIBILITY = [
    ("schema:accessMode", "textual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityHazard", "none"),
    (
        "schema:accessibilitySummary",
        "Text with headings for every part and chapter, a table of contents, and footnotes "
        "linked to and from the text.",
    ),
]


class _Document(epub.EpubHtml):
    """A content document whose empty elements keep their end tags.

    ebooklib parses and re-serialises each document with lxml, which writes an empty
    ``<a id="x"></a>`` as ``<a id="x"/>``: a reader that parses the file as HTML takes that
    for an opening tag and turns the rest of the paragraph into a link.
    """

    def get_content(self, default: bytes | None = None) -> bytes:
        content = super().get_content(default)
        if not content:
            return content
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False))
        keep_end_tags(root)
        return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)


def write_epub(
    book: Book, target: Path, pages: list[Page] | None = None, cover: bytes | None = None
) -> None:
    """Write the EPUB to ``target`` (the build makes it atomic); ``cover`` is a JPEG."""
    package = build_package(book, pages, cover)
    epub.write_epub(
        str(target),
        package,
        {
            "mtime": book.meta.modified.astimezone(dt.UTC).replace(tzinfo=None),
            "epub2_guide": False,
            "epub3_landmark": True,
            "landmark_title": "Guide",
        },
    )
    normalise_zip(target, book.meta.modified)


def build_package(
    book: Book, pages: list[Page] | None = None, cover: bytes | None = None
) -> epub.EpubBook:
    meta = book.meta
    package = epub.EpubBook()
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
    for prop, value in ACCESSIBILITY:
        package.add_metadata(None, "meta", value, {"property": prop})

    css = [
        epub.EpubItem(
            uid=f"css-{name}",
            file_name=f"styles/{name}.css",
            media_type="text/css",
            content=stylesheet(f"{name}.css").read_bytes(),
        )
        for name in ("base", "epub")
    ]
    for item in css:
        package.add_item(item)
    for key, path in sorted(book.assets.items()):
        package.add_item(
            epub.EpubItem(
                uid=f"img-{Path(key).stem}",
                file_name=key,
                media_type=IMAGE_TYPES[Path(key).suffix],
                content=book_copy(path),
            )
        )

    renderer = Renderer(book, Target.EPUB)
    documents: dict[str, epub.EpubHtml] = {}
    if cover is not None:
        # The image is the manifest's cover-image; the page shows it first in reading order.
        package.set_cover(COVER_IMAGE, cover, create_page=False)
        page = Page("cover", label(meta.language, "cover"), "cover",
                    environment().get_template("epub-cover.html").render(meta=meta,
                                                                         src=COVER_IMAGE))
        item = _Document(uid="cover-page", file_name="cover.xhtml", title=page.title,
                             lang=meta.language)
        item.content = renderer.document([page])
        for sheet in css:
            item.add_item(sheet)
        package.add_item(item)
        documents["cover"] = item
    for page in pages if pages is not None else renderer.pages():
        item = _Document(
            uid=page.id, file_name=f"{page.id}.xhtml", title=page.title, lang=meta.language
        )
        item.content = renderer.document([page])
        for sheet in css:
            item.add_item(sheet)
        package.add_item(item)
        documents[page.id] = item

    package.toc = _toc(book, documents)
    package.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=next((s.title for s in book.front if s.kind == "toc"), "Contents"))
    package.add_item(nav)
    package.spine = list(documents.values())
    package.guide = _landmarks(book, documents)
    if cover is not None:
        package.guide.insert(0, {"href": "cover.xhtml", "title": label(meta.language, "cover"),
                                 "type": "cover"})
    return package


def _toc(book: Book, documents: dict[str, epub.EpubHtml]) -> list:
    toc: list = [documents[s.id] for s in book.front if s.in_toc]
    for entry in book.contents:
        if isinstance(entry, Part):
            section = epub.Section(entry.title, href=documents[entry.id].file_name)
            toc.append((section, [documents[c.id] for c in entry.chapters]))
        else:
            toc.append(documents[entry.id])
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
    if book.back:
        start = book.back[0]
        marks.append(
            {"href": documents[start.id].file_name, "title": start.title, "type": "backmatter"}
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
