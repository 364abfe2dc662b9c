"""Lazy-loaded pictures: the image a page shows once its scripts have run.

Themes and image plugins keep the real picture out of ``src`` until the reader scrolls to it:
``src`` holds a placeholder (a transparent GIF as a ``data:`` address, ``lazy.png``) and the
picture waits in ``data-src``, ``data-lazy-src``, ``srcset`` or a ``<picture>``'s
``<source>``. A book has no scripts, so without this the article keeps only the placeholder,
which the sanitiser drops, and the picture is gone without a word. Each ``<img>`` is given
the source it would have shown:

- a candidate saved beside the page ("Web Page, complete" stores what was loaded) wins;
- otherwise the lazy attributes, then the ``srcset`` candidate the print needs (the widest
  up to :data:`MAX_WIDTH` pixels), then ``src`` unless it is a placeholder.

Nothing here reads more than the file system's answer to "is this file there?".
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

# Wide enough for a full-width picture printed at 300 dpi on a 6-inch page; wider copies
# only make the book heavier.
MAX_WIDTH = 2000
MAX_DENSITY = 2.0
LAZY_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-orig-src")
SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset", "srcset")
# <source type> values no book reader or the print renderer decodes.
_UNUSABLE_TYPES = ("image/avif", "image/jxl", "image/heic", "image/jp2")
_PLACEHOLDER = re.compile(
    r"(?:^|/)(?:lazy[-_]?)?(?:blank|spacer|placeholder|lazy|lazyload|loading|loader|"
    r"transparent|pixel|grey|gray|empty|dummy)(?:[-_.]?\d+(?:x\d+)?)*"
    r"\.(?:gif|png|svg|jpe?g|webp)$|(?:^|/)1x1[\w.-]*\.(?:gif|png)$",
    re.IGNORECASE,
)
_URL = re.compile(r"\S+")
_SEPARATORS = re.compile(r"[\s,]*")


def resolve_lazy_images(document: lxml_html.HtmlElement, folder: Path | None = None) -> int:
    """Give every ``<img>`` of ``document`` the source it shows; return how many changed.

    ``folder`` is where the page was saved: candidates that name a file there are preferred.
    """
    changed = 0
    for img in document.iter("img"):
        src = (img.get("src") or "").strip()
        chosen = _choose(img, src, folder)
        if chosen and chosen != src:
            img.set("src", chosen)
            changed += 1
    return changed


def is_placeholder(src: str) -> bool:
    """An address that stands in for the picture until a script swaps it in."""
    src = src.strip()
    if not src or src.lower().startswith(("data:", "about:", "javascript:")):
        return True
    return bool(_PLACEHOLDER.search(unquote(urlsplit(src).path)))


def _choose(img: lxml_html.HtmlElement, src: str, folder: Path | None) -> str:
    candidates = [value for name in LAZY_ATTRIBUTES if (value := (img.get(name) or "").strip())]
    srcsets = [img.get(name) for name in SRCSET_ATTRIBUTES]
    # libxml2 does not know <source> is empty, so the <img> may sit inside the sources.
    picture = next((a for a in img.iterancestors() if a.tag in ("picture", "p", "figure")), None)
    if picture is not None and picture.tag == "picture":
        srcsets += [
            source.get(name)
            for source in picture.iter("source")
            if (source.get("type") or "").lower() not in _UNUSABLE_TYPES
            for name in SRCSET_ATTRIBUTES
        ]
    for srcset in srcsets:
        best = best_candidate(srcset or "")
        if best:
            candidates.append(best)
    if not is_placeholder(src):
        candidates.append(src)
    candidates = [c for c in dict.fromkeys(candidates) if not is_placeholder(c)]
    if folder is not None:
        saved = next((c for c in candidates if _saved_beside(c, folder)), None)
        if saved is not None:
            return saved
        if not is_placeholder(src) and _saved_beside(src, folder):
            return src
    return candidates[0] if candidates else src


def best_candidate(srcset: str) -> str | None:
    """The ``srcset`` candidate to print: the widest up to MAX_WIDTH, else the narrowest.

    Without width descriptors, densities (``2x``) stand in for widths the same way.
    """
    widths: list[tuple[float, str]] = []
    densities: list[tuple[float, str]] = []
    for url, descriptor in parse_srcset(srcset):
        if url.lower().startswith("data:"):
            continue
        number = _number(descriptor[:-1]) if descriptor else None
        if descriptor.endswith("w") and number:
            widths.append((number, url))
        elif descriptor.endswith("x") and number:
            densities.append((number, url))
        elif not descriptor:
            densities.append((1.0, url))
    for found, limit in ((widths, MAX_WIDTH), (densities, MAX_DENSITY)):
        if found:
            fitting = [c for c in found if c[0] <= limit]
            return max(fitting)[1] if fitting else min(found)[1]
    return None


def parse_srcset(value: str) -> list[tuple[str, str]]:
    """``(url, descriptor)`` pairs, as the HTML standard splits a ``srcset``.

    An address runs to the next whitespace, commas included (``data:`` addresses have them);
    its descriptor runs to the next comma.
    """
    found: list[tuple[str, str]] = []
    position = 0
    while True:
        position = _SEPARATORS.match(value, position).end()  # type: ignore[union-attr]
        url_match = _URL.match(value, position)
        if url_match is None:
            return found
        url, position = url_match[0], url_match.end()
        if url.endswith(","):
            found.append((url.rstrip(","), ""))
            continue
        end = value.find(",", position)
        end = len(value) if end == -1 else end
        descriptor = value[position:end].strip().lower()
        found.append((url, descriptor.split()[0] if descriptor else ""))
        position = end + 1


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _saved_beside(candidate: str, folder: Path) -> bool:
    """Whether a relative address names a file saved beside the page."""
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return False
    path = unquote(parts.path)
    if "\x00" in path or ".." in Path(path).parts:
        return False
    try:
        return (folder / path).is_file()
    except (OSError, ValueError):
        return False
