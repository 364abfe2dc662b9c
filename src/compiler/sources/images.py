"""Images referenced by an article: found, checked to lie inside the book, given stable names.

Writers never see the author's relative paths. Each local image gets a content-addressed name
(``images/3f2a….jpg``) that is the same in the EPUB and the PDF, so the same picture used by
two essays is stored once and rebuilds do not shuffle file names.

Blogs write their pictures as the site serves them: ``/wp-content/uploads/…`` from the site's
root, or behind a template prefix (``{{ site.url }}/assets/…``). Such a path is looked up in
the site's folder inside the book (the volume's ``site_root``), never on the computer's root.
A picture that cannot be had (missing, remote) is left out with a warning naming the article
and line, and its caption goes with it; the book is still whole without it.

Only images that pass every check here reach ebooklib and WeasyPrint, so this is where an
article is stopped from pulling in ``/etc/passwd`` (``../``, ``file:`` URLs, symlinks leading
out), from making a build fetch from the network (remote images are left out), or from
exhausting memory (decompression bombs are measured before they are decoded).
A raster image is decoded once here with Pillow, so a truncated or corrupt file is a located
error instead of an EPUBCheck failure or a hole in the PDF. An SVG is parsed without DTDs or
entities, refused if it holds anything active (scripts, handlers, external references), and
rebuilt from an allow-list (:mod:`compiler.sources.svg`), since an ebook reader renders it as
a document, scripts and all; the rebuilt copy is the one hashed and stored. Drawing programs
(OmniGraffle, older Illustrator and Inkscape) still write the SVG 1.1 DOCTYPE; a bare one, with
no internal subset, declares nothing and is dropped from the copy the book stores
(:func:`book_copy`) rather than refused.
"""

from __future__ import annotations

import hashlib
import io
import os.path
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html
from PIL import Image, ImageFile

from ..errors import BookError, Diagnostics, Problem
from .frozen_images import load_frozen, remote_address
from .inputs import read_input
from .limits import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS
from .sanitize import drop_keep_tail
from .svg import SvgRefused, clean_svg

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
# What Pillow calls the format each suffix promises; a mismatch would give the EPUB a wrong
# media type, which EPUBCheck and some readers reject.
PILLOW_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
_SUFFIX_FOR_FORMAT = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}

# A DOCTYPE naming only the svg root and, at most, public and system identifiers: no internal
# subset (``[...]``), so no entities. It may follow a BOM, the XML declaration and comments.
_QUOTED = rb"""(?:"[^"]*"|'[^']*')"""
_PLAIN_DOCTYPE = re.compile(
    rb"\A((?:\xef\xbb\xbf)?(?:<\?xml[^>]*\?>)?(?:\s|<!--(?:(?!-->).)*-->)*)"
    rb"<!DOCTYPE\s+svg(?:\s+(?:PUBLIC\s+%b\s+%b|SYSTEM\s+%b))?\s*>" % ((_QUOTED,) * 3),
    re.DOTALL,
)

Locator = Callable[[str], tuple[int, int]]

# What templates put before a site-root path: Jekyll's {{ site.url }}{{ site.baseurl }},
# Hugo's {{ .Site.BaseURL }}, and the like. What follows is a path from the site's root.
_TEMPLATE_PREFIX = re.compile(
    r"^(?:(?:\{\{-?\s*(?:site\.(?:url|baseurl|base_url|github\.url)|\.Site\.BaseURL|"
    r"\$\.Site\.BaseURL|base_?url|baseurl|page\.baseurl)\s*-?\}\}))+",
    re.IGNORECASE,
)
# {{ "/assets/a.png" | relative_url }}, {{ 'img/a.png' | absURL }}: the quoted path is the file.
_TEMPLATE_FILTER = re.compile(
    r"^\{\{-?\s*[\"']([^\"']+)[\"']\s*\|\s*(?:relative_url|absolute_url|relURL|absURL|url)"
    r"\s*-?\}\}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LeftOut:
    """An image left out of the book, for the report: where it was and what went with it."""

    src: str
    reason: str
    caption: str = ""  # the text of its caption, dropped with it
    missing: Path | None = None  # the file looked for, so a later build sees it arrive


def collect_images(
    root: lxml_html.HtmlElement,
    source: Path,
    book_root: Path,
    diagnostics: Diagnostics,
    locate: Locator | None = None,
    site_root: Path | None = None,
    left_out: list[LeftOut] | None = None,
) -> dict[str, Path]:
    """Rewrite every ``<img src>`` to its stable name; drop the ones that cannot be used.

    Unavailable images (remote, missing, no source) are left out with a warning and added
    to ``left_out``. Local images that lie outside the book folder or are broken are errors,
    all reported together. Paths from a site's root (``/wp-content/…``) are looked up in
    ``site_root`` (default: the book folder). Remote images that ``fetch --images`` froze
    into the book folder are taken from there (see :mod:`.frozen_images`).
    """
    locate = locate or (lambda needle: (0, 0))
    book_root = book_root.resolve()
    site_root = site_root.resolve() if site_root is not None else book_root
    found: dict[str, Path] = {}
    checked: dict[Path, str] = {}  # an image used twice is read and checked once
    frozen = load_frozen(book_root)
    problems: list[Problem] = []
    for img in root.xpath(".//img"):
        src = (img.get("src") or "").strip()
        line, col = locate(src) if src else (0, 0)
        try:
            path = _resolve(src, source, book_root, site_root, frozen)
        except _LeftOut as why:
            reason = str(why)
            figure = _own_figure(img)
            caption = ""
            if figure is not None:
                caption = " ".join(figure.text_content().split())
                if caption:
                    reason += "; its caption went with it"
                img = figure
            diagnostics.warn(f"image {src!r} left out: {reason}", source, line, col)
            if left_out is not None:
                left_out.append(LeftOut(src, str(why), caption, why.path))
            drop_keep_tail(img)
            continue
        except _Refused as why:
            problems.append(Problem(f"image {src!r}: {why}", source, line, col))
            drop_keep_tail(img)
            continue
        if path not in checked:
            try:
                checked[path] = _check_image(path)
            except _Refused as why:
                problems.append(Problem(f"image {src!r}: {why}", source, line, col))
                drop_keep_tail(img)
                continue
        key = f"images/{checked[path]}{path.suffix.lower()}"
        found[key] = path
        img.set("src", key)
        if img.get("alt") is None:
            img.set("alt", "")
    if problems:
        raise BookError(problems)
    return found


class _LeftOut(Exception):
    """The image cannot be had during a build; the book is still whole without it."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path  # the file looked for, when it was missing


class _Refused(Exception):
    """The image names a file that is wrong to use: an error the user must fix."""


def _resolve(
    src: str, source: Path, book_root: Path, site_root: Path, frozen: dict[str, str]
) -> Path:
    if not src:
        raise _LeftOut("it has no source")
    src = _without_template(src)
    address = remote_address(src)
    if address is not None:
        if address not in frozen:
            raise _LeftOut(
                "remote images are not fetched during a build (compile-book fetch --images "
                "VOLUME.yaml downloads them into the book folder)"
            )
        written = frozen[address]
        if "\x00" in written:
            raise _Refused("its path holds a NUL character, which no file name can")
        given = book_root / written
    else:
        given, written = _local(src, source, book_root, site_root)
    if not Path(os.path.normpath(given.absolute())).is_relative_to(book_root):
        raise _Refused("it lies outside the book folder; images must be inside it")
    try:
        candidate = given.resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # symlink loops
        raise _Refused(f"cannot follow the path: {exc}") from None
    if not candidate.is_relative_to(book_root):
        raise _Refused(
            f"it leads through a symlink to '{candidate}', outside the book folder; "
            "images must be inside it"
        )
    if candidate.is_dir():
        raise _Refused("it is a folder, not an image file")
    if not candidate.is_file():
        where = os.path.relpath(os.path.normpath(given.absolute()), book_root)
        shown = "" if where == os.path.normpath(written) else f" (looked for '{where}')"
        raise _LeftOut(f"file not found{shown}", candidate)
    if candidate.suffix.lower() not in IMAGE_TYPES:
        raise _Refused(
            f"unsupported image type {candidate.suffix or '(no extension)'!r} "
            "(use JPEG, PNG, GIF, WebP or SVG)"
        )
    return candidate


def _local(src: str, source: Path, book_root: Path, site_root: Path) -> tuple[Path, str]:
    """The file a local source names, and the path as written (for messages)."""
    parts = urlsplit(src)
    if parts.scheme and parts.scheme != "file":
        raise _LeftOut(f"unsupported address scheme {parts.scheme!r}")
    written = unquote(parts.path)
    if not written:
        raise _LeftOut("it has no source")
    if "\x00" in written:
        raise _Refused("its path holds a NUL character (%00), which no file name can")
    if written.startswith("/"):
        return _from_site_root(written, book_root, site_root), written
    return source.parent / written, written


def check_image_file(path: Path, what: str) -> None:
    """The checks every article image passes (size, pixel count, a full decode), for the
    images volume.yaml names itself: the cover and the author photo."""
    if not path.is_file():
        return  # the callers report a missing file in their own words
    try:
        _check_image(path, keep=True)  # read once: what is checked is what is drawn
    except _Refused as refused:
        raise BookError(f"{what}: {refused}", path) from None


def image_suffix(data: bytes) -> str | None:
    """The file suffix the bytes of a picture call for (``.png``), or None for what a book
    cannot carry. Only the header is read: :func:`check_image_file` decodes the rest."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"<svg" in head:
        return ".svg"
    try:
        with Image.open(io.BytesIO(data)) as image:
            return _SUFFIX_FOR_FORMAT.get(image.format or "")
    except Exception:  # noqa: BLE001 - Pillow raises many types on what is not an image
        return None


def _without_template(src: str) -> str:
    """The path a template expression stands for: ``{{ site.url }}/a.png`` is ``/a.png``.

    Sanitising has percent-encoded the spaces and quotes inside the braces by then.
    """
    if "{{" not in src and "%7B%7B" not in src.upper():
        return src
    src = unquote(src)
    quoted = _TEMPLATE_FILTER.match(src)
    if quoted:
        path = quoted[1]
        return path if path.startswith("/") or urlsplit(path).scheme else "/" + path
    stripped = _TEMPLATE_PREFIX.sub("", src)
    if stripped != src and not stripped.startswith("/"):
        stripped = "/" + stripped
    return stripped


def _from_site_root(written: str, book_root: Path, site_root: Path) -> Path:
    """A path from the site's root, found in the site's folder inside the book.

    An absolute path that names a file inside the book folder itself (as a page saved with
    full paths has) is taken as it is; nothing outside the book is ever looked at.
    """
    inside = site_root / written.lstrip("/")
    if not Path(os.path.normpath(inside)).is_relative_to(book_root):
        return inside  # refused by the caller, without looking
    absolute = Path(os.path.normpath(written))
    if not inside.exists() and absolute.is_relative_to(book_root) and absolute.is_file():
        return absolute
    return inside


def _check_image(path: Path, keep: bool = False) -> str:
    """Read and check one image; return the digest that names it in the book."""
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise _Refused(
                f"the file is too large ({size // (1024 * 1024)} MiB; the limit is "
                f"{MAX_IMAGE_BYTES // (1024 * 1024)} MiB)"
            )
        data = read_input(path, keep=keep)
    except OSError as exc:
        raise _Refused(f"cannot read the file: {exc.strerror or exc}") from None
    if not data:
        raise _Refused("the file is empty")
    suffix = path.suffix.lower()
    if suffix == ".svg":
        data = _clean_svg(data)
    else:
        _check_raster(data, suffix)
    return hashlib.sha256(data).hexdigest()[:16]


def book_copy(path: Path, name: str | None = None) -> bytes:
    """The bytes of a checked image as the EPUB and the PDF store them.

    An SVG is the one rebuilt from the allow-list (:mod:`compiler.sources.svg`), without its
    bare DOCTYPE, so no reader or renderer is pointed at a DTD or at anything left out. The
    file is read again (images are not kept in memory), beneath the book folder; with its
    stored ``name`` (``images/<digest>.<ext>``), the bytes must still be the ones checked.
    """
    try:
        data = read_input(path, keep=False)
        if path.suffix.lower() == ".svg":
            data = _clean_svg(data)
    except (OSError, _Refused) as exc:
        shown = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise BookError(f"cannot read the image: {shown}", path) from None
    named = _CONTENT_NAME.fullmatch(name or "")
    if named and hashlib.sha256(data).hexdigest()[:16] != named[1]:
        raise BookError("the image changed during the build; build again", path)
    return data


_CONTENT_NAME = re.compile(r"images/([0-9a-f]{16})\.\w+")  # a name given by collect_images()


def _clean_svg(data: bytes) -> bytes:
    try:
        return clean_svg(_PLAIN_DOCTYPE.sub(rb"\1", data, count=1))
    except SvgRefused as refused:
        raise _Refused(str(refused)) from None


def _check_raster(data: bytes, suffix: str) -> None:
    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when it is imported, which
    # would let a cut-off file decode "successfully" with grey where the rest should be.
    truncated_ok = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        _decode(data, suffix)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok


def _decode(data: bytes, suffix: str) -> None:
    megapixels = MAX_IMAGE_PIXELS // 1_000_000
    try:
        with warnings.catch_warnings():
            # Pillow warns (to stderr) between its own limit and twice it; ours is lower.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _decode_checked(data, suffix, megapixels)
    except _Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _Refused(f"the image is too large (over {megapixels} megapixels)") from None
    except Exception as exc:  # noqa: BLE001 - Pillow's decoders raise many types on bad data
        # "cannot identify image file <_io.BytesIO object at 0x7f…>" names nothing useful.
        why = _IN_MEMORY.sub("", str(exc)).rstrip() or type(exc).__name__
        raise _Refused(f"not a readable {PILLOW_FORMATS[suffix]} image ({why})") from None


def _decode_checked(data: bytes, suffix: str, megapixels: int) -> None:
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise _Refused(
                f"the image is too large ({width}x{height} pixels; the limit is "
                f"{megapixels} megapixels)"
            )
        expected = PILLOW_FORMATS[suffix]
        if image.format != expected:
            better = _SUFFIX_FOR_FORMAT.get(image.format or "", "")
            hint = f"; rename it to end in {better}" if better else ""
            raise _Refused(
                f"the file is a {image.format} image, not {expected} as its name says{hint}"
            )
        image.load()  # decodes every pixel: truncated and corrupt data fail here


_IN_MEMORY = re.compile(r"\s*<_io\.BytesIO object at 0x[0-9a-f]+>")


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
