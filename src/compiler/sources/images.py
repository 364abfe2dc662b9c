"""Images referenced by an article: found, checked to lie inside the book, given stable names.

Writers never see the author's relative paths. Each local image gets a content-addressed name
(``images/3f2a….jpg``) that is the same in the EPUB and the PDF, so the same picture used by
two essays is stored once and rebuilds do not shuffle file names.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

from ..errors import Diagnostics
from .sanitize import drop_keep_tail

# What a figure may show besides the image being left out; if it shows any, it stays.
_SHOWN = ("img", "picture", "svg", "video", "audio", "table", "math", "pre")
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


def collect_images(
    root: lxml_html.HtmlElement, source: Path, book_root: Path, diagnostics: Diagnostics
) -> dict[str, Path]:
    """Rewrite every ``<img src>`` to its stable name; drop the ones we may not or cannot use."""
    found: dict[str, Path] = {}
    for img in root.xpath(".//img"):
        src = (img.get("src") or "").strip()
        reason, path = _resolve(src, source, book_root)
        if path is None:
            figure = _own_figure(img)
            if figure is not None:
                reason += "; its caption went with it"
                img = figure
            diagnostics.warn(f"image {src!r} left out: {reason}", source)
            drop_keep_tail(img)
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        key = f"images/{digest}{path.suffix.lower()}"
        found[key] = path
        img.set("src", key)
        if img.get("alt") is None:
            img.set("alt", "")
    return found


def _resolve(src: str, source: Path, book_root: Path) -> tuple[str, Path | None]:
    if not src:
        return "it has no source", None
    parts = urlsplit(src)
    if parts.scheme in ("http", "https") or src.startswith("//"):
        return (
            "remote images are not fetched during a build (download it into the book folder)",
            None,
        )
    if parts.scheme and parts.scheme != "file":
        return f"unsupported address scheme {parts.scheme!r}", None
    candidate = (source.parent / unquote(parts.path)).resolve()
    try:
        candidate.relative_to(book_root.resolve())
    except ValueError:
        return "it lies outside the book folder", None
    if not candidate.is_file():
        return "file not found", None
    if candidate.suffix.lower() not in IMAGE_TYPES:
        return f"unsupported image type {candidate.suffix!r}", None
    return "", candidate


def _own_figure(img: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The figure (``<figure>``, WordPress's ``div.wp-caption``) that exists for this image.

    A caption left standing without its picture reads as a stray line in the text ("Lukashenko
    and son" between two paragraphs), so when the figure holds nothing else but the caption
    (no other picture or table, no text outside the caption) it goes whole.
    """
    figure = next((a for a in img.iterancestors() if _is_figure(a)), None)
    if figure is None or figure.getparent() is None:
        return None
    if any(el is not img for el in figure.iter(*_SHOWN)):
        return None
    outside = (figure.text or "") + "".join(
        ("" if _is_caption(child) else child.text_content()) + (child.tail or "")
        for child in figure
    )
    return figure if not outside.strip() else None


def _is_figure(element: lxml_html.HtmlElement) -> bool:
    classes = (element.get("class") or "").split()
    return element.tag == "figure" or (element.tag == "div" and "wp-caption" in classes)


def _is_caption(element: lxml_html.HtmlElement) -> bool:
    classes = (element.get("class") or "").split()
    return element.tag == "figcaption" or "wp-caption-text" in classes
