"""From a raw source to a finished :class:`Article`: cleanup, title, notes, overrides.

This is the one place where every input format meets: whatever a reader produced, the same
cleanup rules run on the same tree, the title is found the same way, and the per-article
overrides from volume.yaml win over what the source says about itself.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import markdown
from lxml import etree
from lxml import html as lxml_html

from ..cleanup import CleanupReport, clean
from ..errors import BookError, Diagnostics
from ..sources.base import Article, RawArticle, SourceMeta
from ..sources.html import read_html
from ..sources.images import collect_images
from ..sources.limits import MAX_NESTING, nesting_depth, too_deep_message
from ..sources.markdown import EXTENSIONS as MARKDOWN_EXTENSIONS
from ..sources.markdown import read_markdown
from ..sources.notes import extract_notes
from ..sources.sanitize import drop_keep_tail, html_to_tree, sanitize_html
from ..sources.wordpress import read_wordpress
from ..volume.model import ArticleEntry, CleanupSettings, Volume
from .headings import normalise_headings

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".txt"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
HEADINGS = ("h1", "h2", "h3")


def read_raw(path: Path, diagnostics: Diagnostics, post: str | None = None) -> RawArticle:
    """Pick the reader for a source by what it is: a WordPress post, HTML page or Markdown."""
    if post is not None:
        raw = read_wordpress(path, post, diagnostics)
    elif path.suffix.lower() in HTML_SUFFIXES:
        raw = read_html(path, diagnostics)
    elif path.suffix.lower() in MARKDOWN_SUFFIXES:
        raw = read_markdown(path, diagnostics)
    else:
        raise BookError(
            f"unsupported article type {path.suffix or '(no extension)'!r}: use Markdown "
            "(.md), HTML (.html) or a WordPress export with 'post:'",
            path,
        )
    # Cleanup rules, rendering and page layout all walk the tree; a tree deeper than any
    # real text is refused here rather than overflowing one of them later.
    if nesting_depth(raw.root) > MAX_NESTING:
        raise BookError(too_deep_message(), path)
    return raw


def load_article(
    entry: ArticleEntry, volume: Volume, diagnostics: Diagnostics
) -> tuple[Article, CleanupReport]:
    """Read, clean and finish one article of the volume."""
    raw = read_raw(entry.path, diagnostics, entry.post)
    settings = entry.cleanup if entry.cleanup is not None else volume.cleanup
    # Quotes and spacing follow the article's own language when it has one.
    report = clean(raw, settings, entry.language or raw.meta.language or volume.language)
    for message in report.warnings:
        diagnostics.warn(message, raw.source)
    return finish_article(raw, entry, diagnostics, volume.root), report


def load_section(
    path: Path, volume: Volume, diagnostics: Diagnostics, assets: dict[str, Path] | None = None
) -> tuple[str | None, str]:
    """Read an editor's own text (part introduction, foreword, preface...): title and body.

    These are the editor's own texts, so only typography runs on them, never junk removal.
    The title is the front matter's ``title`` or a leading heading (which then leaves the body
    so it does not print twice); the caller falls back to the section's usual name. Images
    pass the same checks as an article's and are added to ``assets``; without ``assets``
    they are left out, since nothing would carry them into the book.
    """
    raw = read_raw(path, diagnostics)
    clean(raw, CleanupSettings(rules=("blank-lines", "typography")), volume.language)
    title = raw.meta.title
    heading = _leading_heading(raw.root)
    if heading is not None and (title is None or _same_title(title, heading.text_content())):
        title = title or _squash(heading.text_content())
        drop_keep_tail(heading)
    images = collect_images(raw.root, raw.source, volume.root, diagnostics, raw.locate)
    if assets is not None:
        assets.update(images)
    else:
        for img in raw.root.xpath(".//img"):
            drop_keep_tail(img)
    if not _has_text(raw.root):
        raise BookError("the file has no text", path)
    return title, serialize_children(raw.root)


def render_text(text: str, volume: Volume, diagnostics: Diagnostics) -> str:
    """Inline Markdown from volume.yaml (a dedication, an epigraph) as typeset XHTML."""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="xhtml")
    raw = RawArticle(source=volume.path, root=html_to_tree(sanitize_html(html)), meta=SourceMeta())
    clean(raw, CleanupSettings(rules=("typography",)), volume.language)
    return serialize_children(raw.root)


def finish_article(
    raw: RawArticle, entry: ArticleEntry, diagnostics: Diagnostics, book_root: Path
) -> Article:
    """Settle the title, lift out footnotes and apply volume.yaml's overrides."""
    meta = raw.meta
    heading = _leading_heading(raw.root)
    title = meta.title
    if heading is not None:
        heading_text = _squash(heading.text_content())
        if title is None or _same_title(title, heading_text):
            # The heading *is* the title: keep it out of the body so it does not repeat.
            title = title or heading_text
            drop_keep_tail(heading)
    if entry.title:
        title = entry.title
    if not title:
        title = _title_from_filename(raw.source)
        diagnostics.warn(
            f"no title in front matter or a leading heading; using {title!r} from the file name",
            raw.source,
        )
    normalise_headings(raw.root)
    notes, unresolved = extract_notes(raw.root)
    for marker in unresolved:
        diagnostics.warn(
            f"footnote reference [^{marker}] has no note text; left as written", raw.source
        )
    sources = {img: img.get("src") or "" for img in raw.root.iter("img")}
    images = collect_images(raw.root, raw.source, book_root, diagnostics, raw.locate)
    _warn_missing_alt(raw, sources, title, diagnostics)
    body = serialize_children(raw.root)
    if not _has_text(raw.root):
        raise BookError("article has no text left after cleanup", raw.source)
    return Article(
        source=raw.source,
        title=title,
        body=body,
        notes=notes,
        author=entry.author or meta.author,
        date=entry.date or meta.date,
        url=entry.url or meta.url,
        summary=meta.summary,
        short_title=entry.short_title or meta.short_title,
        images=images,
        language=entry.language or meta.language,
        subjects=tuple(dict.fromkeys(meta.categories)),
    )


def _warn_missing_alt(
    raw: RawArticle, sources: dict[lxml_html.HtmlElement, str], title: str, diagnostics: Diagnostics
) -> None:
    """An image without alt text is silent to a screen reader, and the EPUB cannot then
    claim alternative text among its accessibility features.

    ``sources`` holds each image's address as written, for the message and its line; images
    that were left out of the book meanwhile are not mentioned.
    """
    for img in raw.root.iter("img"):
        if not (img.get("alt") or "").strip():
            src = sources.get(img) or img.get("src") or ""
            line, col = raw.locate(src) if src else (0, 0)
            diagnostics.warn(
                f"an image in {title!r} ({src or 'no source'}) has no alt text; "
                "describe it for readers who cannot see it",
                raw.source,
                line,
                col,
            )


def serialize_children(root: lxml_html.HtmlElement) -> str:
    """The XHTML of everything inside ``root`` (the reader's wrapper ``<div>``)."""
    parts = []
    if root.text and root.text.strip():
        parts.append(f"<p>{_escape(root.text.strip())}</p>")
    parts.extend(etree.tostring(child, method="xml", encoding="unicode") for child in root)
    return "\n".join(part.strip() for part in parts if part.strip())


def _leading_heading(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The first block if it is a heading: a title further down is a section heading."""
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag in HEADINGS:
            return child
        if child.tag in ("h4", "h5", "h6") or _squash(child.text_content()) or len(child):
            return None
    return None


def _same_title(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    return norm(a) == norm(b)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _has_text(root: lxml_html.HtmlElement) -> bool:
    return bool(_squash(root.text_content())) or bool(root.xpath(".//img"))


def _title_from_filename(path: Path) -> str:
    words = path.stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else path.name


def _escape(text: str) -> str:
    return escape(text, quote=False)
