"""What the EPUB's package says about the book: bibliographic and accessibility metadata.

Stores, library catalogues and reading systems read these instead of the text. The
accessibility entries are computed from what the book really holds (its images and their
alt text, its notes, its tables, its foreign passages), never claimed wholesale: a summary
promising footnotes in a book without any, or alt text the images lack, misleads exactly the
readers who rely on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ebooklib import epub
from lxml import html as lxml_html

from ..book.model import Book
from ..book.render import Page
from ..volume.model import Certification

# The conformance claim of EPUB Accessibility 1.1, made only when the book's own checks pass.
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
_ALWAYS = ("tableOfContents", "readingOrder", "structuralNavigation", "displayTransformability")


@dataclass(frozen=True)
class Content:
    """What the rendered pages hold, as far as accessibility metadata is concerned."""

    images: int = 0
    images_without_alt: int = 0
    notes: bool = False
    tables: bool = False
    foreign_passages: bool = False

    @property
    def alt_text_complete(self) -> bool:
        return self.images_without_alt == 0


def survey(pages: list[Page], language: str) -> Content:
    """Count images, alt text, notes, tables and passages in other languages in ``pages``."""
    images = missing = 0
    notes = tables = foreign = False
    for page in pages:
        root = lxml_html.fragment_fromstring(page.html, create_parent="div")
        for img in root.iter("img"):
            images += 1
            missing += not (img.get("alt") or "").strip()
        notes = notes or bool(root.xpath("//*[@role='doc-noteref']"))
        tables = tables or bool(root.xpath("//table"))
        foreign = foreign or any(
            (el.get("lang") or language) != language
            for el in root.iter()
            if isinstance(el.tag, str)
        )
    return Content(images, missing, notes, tables, foreign)


def features(content: Content) -> list[str]:
    """schema:accessibilityFeature values the book can honestly claim."""
    found = list(_ALWAYS)
    if content.images and content.alt_text_complete:
        found.insert(0, "alternativeText")
    return found


def summary(content: Content) -> str:
    """A sentence or two describing this book's accessibility, as the summary should."""
    parts = [
        "Reflowable text with headings for every part and chapter, a table of contents, "
        "and a reading order that follows the print edition."
    ]
    if content.notes:
        parts.append("Notes are linked to and from the text.")
    if content.tables:
        parts.append("Tables have header cells.")
    if content.images:
        parts.append(
            "Every image has a text description."
            if content.alt_text_complete
            else "Some images have no text description."
        )
    if content.foreign_passages:
        parts.append("Passages in other languages are marked with their language.")
    return " ".join(parts)


def add_accessibility(
    package: epub.EpubBook, content: Content, certification: Certification | None = None
) -> None:
    """schema.org accessibility properties and, when earned, the conformance claim."""
    modes = ["textual"] + (["visual"] if content.images else [])
    for mode in modes:
        package.add_metadata(None, "meta", mode, {"property": "schema:accessMode"})
    sufficient = "textual" if content.alt_text_complete else ",".join(modes)
    package.add_metadata(None, "meta", sufficient, {"property": "schema:accessModeSufficient"})
    for feature in features(content):
        package.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})
    package.add_metadata(None, "meta", "none", {"property": "schema:accessibilityHazard"})
    package.add_metadata(
        None, "meta", summary(content), {"property": "schema:accessibilitySummary"}
    )
    if content.alt_text_complete:
        package.add_metadata(None, "meta", CONFORMANCE, {"property": "dcterms:conformsTo"})
    if certification is not None:
        add_certification(package, certification)


def add_certification(package: epub.EpubBook, certification: Certification) -> None:
    """The evaluator of EPUB Accessibility 1.1, with its credential and report refining it.

    Written only from the volume's ``a11y`` block: who checked a book is the editor's to say.
    """
    package.add_metadata(
        None,
        "meta",
        certification.certified_by,
        {"property": "a11y:certifiedBy", "id": "certifier"},
    )
    if certification.credential:
        package.add_metadata(
            None,
            "meta",
            certification.credential,
            {"property": "a11y:certifierCredential", "refines": "#certifier"},
        )
    if certification.report:
        package.add_metadata(
            None,
            "link",
            "",
            {"rel": "a11y:certifierReport", "refines": "#certifier", "href": certification.report},
        )


def add_bibliographic(package: epub.EpubBook, book: Book) -> None:
    """Description, subjects, rights and sources, where the volume gives them.

    Each essay's first publication (its web address) is a ``dc:source``: the package may
    name several publications the book derives from.
    """
    meta = book.meta
    if meta.description:
        package.add_metadata("DC", "description", meta.description)
    for subject in meta.subjects:
        package.add_metadata("DC", "subject", subject)
    if meta.rights:
        package.add_metadata("DC", "rights", meta.rights)
    add_essay_sources(package, book)


def add_essay_sources(package: epub.EpubBook, book: Book) -> None:
    """One ``dc:source`` per essay's first publication, ahead of any other source.

    DAISY Ace takes the last ``dc:source`` for the one a page list comes from (the print
    edition's, refined by ``source-of: pagination``); putting the essays' first keeps that
    true whichever is added first.
    """
    urls = dict.fromkeys(chapter.url for chapter in book.chapters() if chapter.url)
    sources = package.metadata.setdefault(epub.NAMESPACES["DC"], {}).setdefault("source", [])
    sources[:0] = [(url, {}) for url in urls]
